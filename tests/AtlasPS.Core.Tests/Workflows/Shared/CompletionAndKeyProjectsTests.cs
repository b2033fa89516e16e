using Xunit;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// Issue 15: tab completion reads ids from Atlas when the connection has seen none (once, within a budget); an API key's
/// projects are listed from the key; Grant/Set output for a key carries its public key like Get's does.
/// </summary>
public class CompletionAndKeyProjectsTests
{
    [Fact]
    public async Task Completion_reads_the_first_page_once_when_nothing_is_known_then_answers_from_memory()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (clientId, _) = server.State.CreateServiceAccount("completed", new[] { "ORG_READ_ONLY" });
        server.Requests.Clear();

        var first = CompletionSource.Get(conn, ServiceAccountWorkflows.KnownKind, TimeSpan.FromSeconds(30));
        var second = CompletionSource.Get(conn, ServiceAccountWorkflows.KnownKind, TimeSpan.FromSeconds(30));

        Assert.Contains(first, p => p.Key == clientId && p.Value == "completed");
        Assert.Equal(first, second);
        var reads = server.Requests.Entries.Where(r => r.Method == "GET" && r.Path.EndsWith("/serviceAccounts", StringComparison.Ordinal)).ToList();
        Assert.Single(reads);
        Assert.Contains("itemsPerPage=" + CompletionSource.PageSize, reads[0].Query);
    }

    [Fact]
    public async Task Completion_gives_up_within_its_budget_when_Atlas_is_slow()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        server.Faults.LatencyMs = 5_000;

        var result = CompletionSource.Get(conn, ApiKeyWorkflows.KnownKind, TimeSpan.FromMilliseconds(200));

        Assert.Empty(result);
    }

    [Fact]
    public async Task An_API_keys_projects_come_from_the_key_with_its_public_key_and_roles()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, publicKey, _) = server.State.CreateApiKey("listed", new[] { "ORG_MEMBER" });
        string p0 = server.Seed.ProjectIds[0], p2 = server.Seed.ProjectIds[2];
        server.State.AssignApiKeyToProject(keyId, p0, new[] { "GROUP_READ_ONLY" });
        server.State.AssignApiKeyToProject(keyId, p2, new[] { "GROUP_OWNER", "GROUP_READ_ONLY" });
        server.Requests.Clear();

        var access = await ProjectAccessWorkflows.ListForApiKeyAsync(conn, null, keyId);

        Assert.Equal(new[] { p0, p2 }.Order(), access.Select(a => a.ProjectId).Order());
        Assert.All(access, a => { Assert.Equal(keyId, a.ApiKeyId); Assert.Equal(publicKey, a.PublicKey); Assert.Equal(PrincipalType.ApiKey, a.PrincipalType); });
        Assert.Equal(new[] { "GROUP_OWNER", "GROUP_READ_ONLY" }, access.Single(a => a.ProjectId == p2).Roles.Order());
        Assert.Single(server.Requests.Entries);
    }

    [Fact]
    public async Task Grant_output_for_a_key_carries_its_public_key()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, publicKey, _) = server.State.CreateApiKey("granted", new[] { "ORG_MEMBER" });

        var results = await ProjectAccessWorkflows.GrantAsync(conn, server.Seed.ProjectIds, PrincipalRef.ApiKey(keyId), new[] { "GROUP_READ_ONLY" });

        Assert.All(results, r => { Assert.True(r.Succeeded, r.Error?.Message); Assert.Equal(publicKey, r.Access!.PublicKey); Assert.Equal("granted", r.Access.Name); });
    }
}
