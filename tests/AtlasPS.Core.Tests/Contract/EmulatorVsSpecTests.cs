using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Wire;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// Scenario traffic through the real AtlasClient to `prism proxy --errors` in front of the in-process emulator.
/// Prism validates each request against the spec before forwarding it, and each emulator answer (success and error)
/// on the way back; with --errors a breach turns into a Prism problem document instead of the emulator's answer.
/// Auth: bearer token of the seeded service account, fetched from the emulator's /api/oauth/token directly (the
/// token endpoint is not a path of the spec, and Prism's digest check rejects a correct digest header).
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class EmulatorVsSpecTests
{
    private readonly PrismFixture prism;

    public EmulatorVsSpecTests(PrismFixture prism) => this.prism = prism;

    /// <summary>Runs a scenario; any failure (a Prism 500 surfaces as AtlasApiException) reports the breaching exchanges.</summary>
    private static async Task Scenario(RecordingHandler recorder, string name, Func<Task> body)
    {
        try { await body(); }
        catch (Exception ex)
        {
            var bad = recorder.Exchanges.Where(e => e.FromPrism || e.Violations != null).ToList();
            throw new Xunit.Sdk.XunitException($"{name} failed: {ex.Message}\nExchanges Prism flagged ({bad.Count}):\n{string.Join("\n", bad)}\n{ex}");
        }
        AssertSpecClean(recorder, name);
    }

    private static void AssertSpecClean(RecordingHandler recorder, string scenario)
    {
        var traffic = recorder.Exchanges;
        Assert.NotEmpty(traffic);
        var bad = traffic.Where(e => e.FromPrism || e.Violations != null).ToList();
        Assert.True(bad.Count == 0, $"{scenario}: Prism found {bad.Count} of {traffic.Count} exchanges breaking the spec:\n" + string.Join("\n", bad));
    }

    private static async Task<AtlasApiException> Refused(Func<Task> call, int status, RecordingHandler recorder)
    {
        var ex = await Assert.ThrowsAsync<AtlasApiException>(call);
        var last = recorder.Exchanges.Last();
        Assert.False(last.FromPrism, "Prism, not the emulator, answered: " + last);
        Assert.True(ex.StatusCode == status, $"Expected {status}, got {ex.StatusCode}: {ex.Message}\n{last}");
        return ex;
    }

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }

    [SkippableFact]
    public async Task Api_key_lifecycle_is_spec_clean()
    {
        AtlasSpec.Require();
        var env = await prism.EmulatorBehindPrismAsync();
        var recorder = new RecordingHandler();
        using var c = env.CreateClient(recorder);
        await Scenario(recorder, "API key lifecycle", async () =>
        {
        string org = env.Emulator.Seed.OrgId, project = env.Emulator.Seed.ProjectIds[0];

        var key = await c.ApiKeys.CreateAsync(org, "contract key", new[] { "ORG_MEMBER" });
        Assert.NotNull(key.PrivateKey);
        Assert.Contains(await All(c.ApiKeys.ListAsync(org)), k => k.Id == key.Id);
        Assert.Equal("contract key", (await c.ApiKeys.GetAsync(org, key.Id)).Description);
        var updated = await c.ApiKeys.UpdateAsync(org, key.Id, "renamed key", new[] { "ORG_READ_ONLY" });
        Assert.Equal(new[] { "ORG_READ_ONLY" }, updated.Roles);

        var entries = await c.ApiKeys.AddAccessListAsync(org, key.Id, new[]
        {
            new AccessListSpec { IpAddress = "192.0.2.10" }, new AccessListSpec { CidrBlock = "198.51.100.0/24" },
        });
        Assert.Contains(entries, e => e.CidrBlock == "198.51.100.0/24");
        Assert.Equal(2, (await All(c.ApiKeys.ListAccessListAsync(org, key.Id))).Count);
        var one = await c.ApiKeys.GetAccessListEntryAsync(org, key.Id, "198.51.100.0/24");
        Assert.Equal("198.51.100.0/24", one.CidrBlock);
        await c.ApiKeys.RemoveAccessListEntryAsync(org, key.Id, "198.51.100.0/24");
        Assert.Contains(recorder.Exchanges, e => e.Method == "DELETE" && e.PathAndQuery.EndsWith("/accessList/198.51.100.0%2F24", StringComparison.Ordinal));
        Assert.Single(await All(c.ApiKeys.ListAccessListAsync(org, key.Id)));

        await c.ApiKeys.AssignToProjectAsync(project, key.Id, new[] { "GROUP_READ_ONLY" });
        Assert.Contains(await All(c.ApiKeys.ListProjectAccessAsync(project)), a => a.ApiKeyId == key.Id);
        var access = await c.ApiKeys.SetProjectRolesAsync(project, key.Id, new[] { "GROUP_OWNER" });
        Assert.Contains("GROUP_OWNER", access.Roles);
        await c.ApiKeys.UnassignFromProjectAsync(project, key.Id);

        var projectKey = await c.ApiKeys.CreateInProjectAsync(org, project, "project key", new[] { "GROUP_READ_ONLY" });
        Assert.NotNull(projectKey.PrivateKey);

        await c.ApiKeys.DeleteAsync(org, key.Id);
        await c.ApiKeys.DeleteAsync(org, projectKey.Id);
        await Refused(() => c.ApiKeys.GetAsync(org, key.Id), 404, recorder);
        });
    }

    [SkippableFact]
    public async Task Service_account_lifecycle_is_spec_clean()
    {
        AtlasSpec.Require();
        var env = await prism.EmulatorBehindPrismAsync();
        var recorder = new RecordingHandler();
        using var c = env.CreateClient(recorder);
        await Scenario(recorder, "Service account lifecycle", async () =>
        {
        string org = env.Emulator.Seed.OrgId, project = env.Emulator.Seed.ProjectIds[1];

        var sa = await c.ServiceAccounts.CreateAsync(org, new ServiceAccountSpec
        {
            Name = "contract-sa", Description = "Contract test account", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 720,
        });
        Assert.NotNull(Assert.Single(sa.Secrets).Secret);
        var secret = await c.ServiceAccounts.CreateSecretAsync(org, sa.ClientId, 48);
        Assert.NotNull(secret.Secret);
        Assert.Contains(await All(c.ServiceAccounts.ListAsync(org)), s => s.ClientId == sa.ClientId);
        Assert.Equal(2, (await c.ServiceAccounts.GetAsync(org, sa.ClientId)).Secrets.Length);
        var renamed = await c.ServiceAccounts.UpdateAsync(org, sa.ClientId, "renamed-sa", "New description", new[] { "ORG_READ_ONLY" });
        Assert.Equal("renamed-sa", renamed.Name);

        await c.ServiceAccounts.AddAccessListAsync(org, sa.ClientId, new[]
        {
            new AccessListSpec { IpAddress = "192.0.2.10" }, new AccessListSpec { CidrBlock = "198.51.100.0/24" },
        });
        Assert.Equal(2, (await All(c.ServiceAccounts.ListAccessListAsync(org, sa.ClientId))).Count);
        await c.ServiceAccounts.RemoveAccessListEntryAsync(org, sa.ClientId, "198.51.100.0/24");
        Assert.Single(await All(c.ServiceAccounts.ListAccessListAsync(org, sa.ClientId)));

        await c.ServiceAccounts.InviteToProjectAsync(org, project, sa.ClientId, new[] { "GROUP_READ_ONLY" });
        Assert.Contains(await All(c.ServiceAccounts.ListInProjectAsync(org, project)), s => s.ClientId == sa.ClientId);
        Assert.Equal(project, (await c.ServiceAccounts.GetInProjectAsync(org, project, sa.ClientId)).ProjectId);
        var inProject = await c.ServiceAccounts.SetProjectRolesAsync(org, project, sa.ClientId, new[] { "GROUP_OWNER" });
        Assert.Contains("GROUP_OWNER", inProject.Roles);
        Assert.Contains(await All(c.ServiceAccounts.ListProjectsAsync(org, sa.ClientId)), p => p.ProjectId == project);
        await c.ServiceAccounts.RemoveFromProjectAsync(project, sa.ClientId);

        // Project-level create (no resource method yet: same DTO and pipeline through the Refit interface).
        var projectSa = await c.Http.Api.CreateGroupServiceAccount(project,
            new OrgServiceAccountRequest { Name = "project-sa", Description = "Project account", Roles = new List<string> { "GROUP_READ_ONLY" }, SecretExpiresAfterHours = 24 }, default);
        Assert.StartsWith("mdb_sa_id_", projectSa!.ClientId);

        await c.ServiceAccounts.DeleteSecretAsync(org, sa.ClientId, secret.Id);
        await c.ServiceAccounts.DeleteAsync(org, sa.ClientId);
        await c.ServiceAccounts.DeleteAsync(org, projectSa.ClientId!);
        await Refused(() => c.ServiceAccounts.GetAsync(org, sa.ClientId), 404, recorder);
        });
    }

    [SkippableFact]
    public async Task Organizations_projects_invoices_and_clusters_are_spec_clean()
    {
        AtlasSpec.Require();
        var env = await prism.EmulatorBehindPrismAsync();
        var s = env.Emulator;
        string org = s.Seed.OrgId, project = s.Seed.ProjectIds[2];
        var invoiceId = s.State.AddInvoice(new DateTimeOffset(2026, 9, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), "PAID", 12345, 12345,
            new[] { new InvoiceLineItemSeed("ATLAS_AWS_INSTANCE_M10", 12345, 720) });
        s.State.AddInvoice(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), "PENDING", 500);
        s.State.AddCluster(project, "Cluster0");

        var recorder = new RecordingHandler();
        using var c = env.CreateClient(recorder);
        await Scenario(recorder, "Organizations, projects, invoices, clusters", async () =>
        {
        Assert.Contains(await All(c.Organizations.ListAsync()), o => o.Id == org);
        Assert.Equal(s.Seed.OrgName, (await c.Organizations.GetAsync(org)).Name);
        Assert.NotNull(await c.Organizations.GetMaxSecretValidityHoursAsync(org));
        Assert.Equal(s.Seed.ProjectIds.Count, (await All(c.Projects.ListAsync(org))).Count);
        Assert.NotEmpty(await All(c.Projects.ListAllAsync()));
        Assert.Equal(project, (await c.Projects.GetAsync(project)).Id);

        Assert.Contains(await All(c.Billing.ListInvoicesAsync(org, null, null)), i => i.Id == invoiceId);
        Assert.Equal(12345, (await c.Billing.GetInvoiceAsync(org, invoiceId)).AmountBilledCents);
        await c.Billing.ListPendingAsync(org);
        Assert.Contains(await All(c.Clusters.ListAsync(project)), cl => cl.Name == "Cluster0");
        });
    }

    [SkippableFact]
    public async Task Error_answers_are_spec_clean()
    {
        AtlasSpec.Require();
        var env = await prism.EmulatorBehindPrismAsync();
        var recorder = new RecordingHandler();
        using var c = env.CreateClient(recorder);
        await Scenario(recorder, "Error answers", async () =>
        {
        string org = env.Emulator.Seed.OrgId;

        var notFound = await Refused(() => c.ApiKeys.GetAsync(org, "0123456789abcdef01234567"), 404, recorder);
        Assert.False(string.IsNullOrEmpty(notFound.ErrorCode));
        await Refused(() => c.ServiceAccounts.GetAsync(org, "mdb_sa_id_0123456789abcdef01234567"), 404, recorder);
        // Valid by the schema (only "> 0"), refused by the org's policy (max 8760 hours): the emulator's 400.
        var tooLong = await Refused(() => c.ServiceAccounts.CreateAsync(org, new ServiceAccountSpec
        {
            Name = "too-long", Description = "x", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 100000,
        }), 400, recorder);
        Assert.False(string.IsNullOrEmpty(tooLong.ErrorCode));
        // The seeded organization still has projects.
        var conflict = await Refused(() => c.Organizations.DeleteAsync(org), 409, recorder);
        Assert.False(string.IsNullOrEmpty(conflict.ErrorCode));
        });
    }
}
