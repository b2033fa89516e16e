using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Workflows.RotationTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>Issue 15 point 26: a rotation reports its steps through AtlasProgressScope (the cmdlet writes them as progress records).</summary>
public sealed class CredentialWorkflowsProgressTests : IClassFixture<SecretsEmulator>
{
    private readonly SecretsEmulator atlas;
    public CredentialWorkflowsProgressTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    [Fact]
    public async Task A_key_rotation_reports_each_step_with_a_rising_percentage()
    {
        var state = atlas.Server.State;
        var (id, pub, priv) = state.CreateApiKey("progress rotation", new[] { "ORG_MEMBER" });
        state.AssignApiKeyToProject(id, state.CreateProject("rot-progress-a"), new[] { "GROUP_READ_ONLY" });
        state.AssignApiKeyToProject(id, state.CreateProject("rot-progress-b"), new[] { "GROUP_READ_ONLY" });
        state.AddApiKeyAccessListEntry(id, "127.0.0.1");
        var vault = new InMemoryVault(V);
        vault.Put(V, "progress", pub, priv);

        var events = new List<AtlasProgressEvent>();
        Outcome o;
        using (AtlasProgressScope.Begin(e => { lock (events) events.Add(e); }))
            o = await RotateAsync(atlas, vault, x => { x.ApiKeyId = id; x.SecretName = "progress"; });

        Assert.Null(o.Error);
        var statuses = events.Select(e => e.Status).ToList();
        foreach (var step in new[] { "Creating the replacement API key", "Copying the access list", "Copying the project access", "2 of 2", "Signing in", "Storing the new credential", "Deleting the old credential" })
            Assert.Contains(statuses, s => s.Contains(step, StringComparison.Ordinal));
        var stepPercents = events.Where(e => !e.Status.Contains(" of ", StringComparison.Ordinal)).Select(e => e.PercentComplete!.Value).ToList();
        Assert.Equal(stepPercents.Order(), stepPercents);
        Assert.DoesNotContain(events, e => e.Status.Contains(priv, StringComparison.OrdinalIgnoreCase));
    }
}
