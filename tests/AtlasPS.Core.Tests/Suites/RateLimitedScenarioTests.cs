using AtlasPS.Core.Resources;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>
/// The benchmark scenarios (bench/AtlasPS.Bench) in small sizes, with the emulator answering 429 (Retry-After: 1) to one
/// request in ten. Every scenario must still end in the right state, and every 429 must cost exactly one extra request
/// (retried once, nothing sent twice). No timing assertions: latency 0, end state and request counts only.
/// </summary>
public sealed class RateLimitedScenarioTests
{
    private const string ProjectRole = "GROUP_READ_ONLY";

    [Fact]
    public async Task S1_listing_every_API_key_survives_a_429_and_returns_each_key_once()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        for (var i = 1; i < 1000; i++) server.State.CreateApiKey($"key {i:D4}", new[] { "ORG_MEMBER" });
        using var client = Connect(server);
        await ArmTooManyRequestsAsync(server);

        var ids = new List<string>();
        await foreach (var k in client.ApiKeys.ListAsync(server.Seed.OrgId)) ids.Add(k.Id);

        Assert.Equal(1000, ids.Count);
        Assert.Equal(1000, ids.Distinct().Count());
        Assert.Equal(server.State.ApiKeys.Select(k => k.Id).OrderBy(x => x), ids.OrderBy(x => x));
        // challenge + pages 1, 2 (full) + page 3 (asked for in the same window because the count was an exact multiple).
        await AssertRequestsAsync(server, expectedWithoutFaults: 4);
    }

    [Fact]
    public async Task S2_cost_tool_onboarding_ends_with_one_key_all_entries_and_every_project_granted()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var projects = server.State.CreateProjects(12);
        var entries = new[] { "198.51.100.10", "198.51.100.11", "203.0.113.0/24" };
        using var client = Connect(server);
        using var conn = new AtlasConnection(client, server.Seed.OrgId, null);
        await ArmTooManyRequestsAsync(server);

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "cost-tool",
            Roles = new[] { "ORG_READ_ONLY", "ORG_BILLING_READ_ONLY" },
            AccessList = entries,
            ProjectIds = projects,
            ProjectRoles = new[] { ProjectRole },
        });

        var stored = Assert.Single(server.State.ApiKeys, k => k.Description == "cost-tool");
        Assert.Equal(key.Id, stored.Id);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, stored.OrgRoles.OrderBy(r => r));
        Assert.Equal(new[] { "198.51.100.10/32", "198.51.100.11/32", "203.0.113.0/24" }, stored.AccessList.Select(e => e.CidrBlock).OrderBy(x => x));
        Assert.Equal(projects.OrderBy(p => p), stored.ProjectRoles.Keys.OrderBy(p => p));
        Assert.All(stored.ProjectRoles.Values, r => Assert.Equal(new[] { ProjectRole }, r));
        // challenge + the outcome check's list of keys with this description (so a lost create answer is
        // reconciled, not duplicated) + create + one access-list POST + one grant per project.
        await AssertRequestsAsync(server, expectedWithoutFaults: 4 + projects.Count);
    }

    [Fact]
    public async Task S3_sequential_GETs_each_succeed_and_reuse_the_digest_nonce()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = Connect(server);
        await ArmTooManyRequestsAsync(server);

        for (var i = 0; i < 20; i++)
            Assert.Equal(server.Seed.OrgId, (await client.Organizations.GetAsync(server.Seed.OrgId)).Id);

        // One digest challenge for the whole run, then one request per call (plus one per 429).
        var total = await AssertRequestsAsync(server, expectedWithoutFaults: 21);
        Assert.Equal(1, server.Requests.Count(e => e.DigestChallenged));
        Assert.True(total >= 22, "the 429 fault was not met");
    }

    [Fact]
    public async Task S4_many_access_list_entries_arrive_in_batches_of_200_and_all_are_stored()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var keyId = server.State.CreateApiKey("target", new[] { "ORG_READ_ONLY" }).Id;
        var entries = Enumerable.Range(0, 450).Select(i => i % 3 == 2 ? $"10.{i / 250}.{i % 250}.0/24" : $"10.{i / 250}.{i % 250}.1").ToList();
        using var client = Connect(server);
        using var conn = new AtlasConnection(client, server.Seed.OrgId, null);
        await ArmTooManyRequestsAsync(server);

        await AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(keyId), entries);

        Assert.Equal(450, server.State.ApiKeyAccessList(keyId).Count);
        Assert.Equal(450, server.State.ApiKeyAccessList(keyId).Select(e => e.CidrBlock).Distinct().Count());
        // challenge + ceil(450 / 200) = 3 POSTs.
        await AssertRequestsAsync(server, expectedWithoutFaults: 1 + 3);
        Assert.All(server.Requests.Entries.Where(e => e.Method == "POST" && e.Status == 200), e => Assert.Contains("/accessList", e.Path));
    }

    [Fact]
    public async Task S5_service_accounts_and_their_secret_expiry_are_read_in_one_page()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        for (var i = 1; i < 30; i++) server.State.CreateServiceAccount($"sa {i}", new[] { "ORG_MEMBER" }, secretHours: 24 * i);
        using var client = Connect(server);
        await ArmTooManyRequestsAsync(server);

        var accounts = new List<ServiceAccount>();
        await foreach (var sa in client.ServiceAccounts.ListAsync(server.Seed.OrgId)) accounts.Add(sa);

        Assert.Equal(30, accounts.Count);
        var expected = server.State.ServiceAccounts.ToDictionary(s => s.ClientId, s => s.Secrets.Single().ExpiresAt);
        Assert.All(accounts, a => Assert.Equal(expected[a.ClientId].ToUnixTimeSeconds(), Assert.Single(a.Secrets).ExpiresAt.ToUnixTimeSeconds()));
        await AssertRequestsAsync(server, expectedWithoutFaults: 2);
    }

    // ------------------------------------------------------------------ helpers

    private static AtlasClient Connect(EmulatorServer server) => SeededOwner.Client(server);

    /// <summary>
    /// Every 10th request gets 429 with Retry-After: 1. Eight throw-away requests first, so that the scenario's own 2nd
    /// request is the 10th: even a 2-request scenario meets the fault. The log is cleared afterwards.
    /// </summary>
    private static async Task ArmTooManyRequestsAsync(EmulatorServer server)
    {
        server.Faults.RetryAfterSeconds = 1;
        server.Faults.TooManyRequestsEveryN = 10;
        using var raw = new HttpClient { BaseAddress = server.BaseUri };
        for (var i = 0; i < 8; i++)
            using (await raw.GetAsync("api/atlas/v2/orgs")) { }
        server.Requests.Clear();
    }

    /// <summary>At least one 429 was met, and each cost exactly one extra request.</summary>
    private static async Task<int> AssertRequestsAsync(EmulatorServer server, int expectedWithoutFaults)
    {
        // The emulator logs each request before its answer can reach the client: the count is complete here.
        var total = server.Requests.Count();
        var tooMany = server.Requests.Count(e => e.Status == 429);
        Assert.True(tooMany >= 1, "no request met the injected 429");
        Assert.Equal(expectedWithoutFaults, total - tooMany);
        Assert.DoesNotContain(server.Requests.Entries, e => e.Status >= 400 && e.Status != 429 && !e.DigestChallenged);
        return total;
    }
}
