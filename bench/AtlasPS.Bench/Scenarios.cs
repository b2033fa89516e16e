using System.Security;
using System.Text.Json.Nodes;
using AtlasPS.Core;
using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>What a scenario seeded, what it needs to run and to check its end state.</summary>
public sealed class ScenarioContext
{
    public required EmulatorServer Server { get; init; }
    public string OrgId => Server.Seed.OrgId;
    public string? KeyId { get; set; }
    public List<string> ProjectIds { get; } = new();
    public List<string> Entries { get; } = new();
    /// <summary>Items the run read (lists) or calls it made (S3).</summary>
    public long ItemsRead { get; set; }
    /// <summary>S7: access-list entries plus project assignments read, and how many the seed made.</summary>
    public long FactsRead { get; set; }
    public long ExpectedFacts { get; set; }
}

/// <summary>Knobs of the AtlasPS side (null: the core's defaults, i.e. what a cmdlet user gets).</summary>
public sealed class AtlasPsSettings
{
    public int? PageConcurrency { get; set; }
    public int? ThrottleLimit { get; set; }
}

public sealed class Scenario
{
    public required string Id { get; init; }
    public required string Description { get; init; }
    /// <summary>Logical calls a user asks for (S3: 100 GETs) to report requests per call; 0 = not meaningful.</summary>
    public int Calls { get; init; }
    public required Action<ScenarioContext, int> Seed { get; init; }
    public required Func<AtlasConnection, ScenarioContext, AtlasPsSettings, Task> AtlasPs { get; init; }
    public required Func<NaiveAtlas, ScenarioContext, Task> Baseline { get; init; }
    /// <summary>Null when the end state is right, else what is wrong.</summary>
    public required Func<ScenarioContext, int, string?> Verify { get; init; }
}

public static class Scenarios
{
    public const string CostToolKeyDescription = "cost-tool";
    public static readonly string[] CostToolOrgRoles = { "ORG_READ_ONLY", "ORG_BILLING_READ_ONLY" };
    public const string ProjectRole = "GROUP_READ_ONLY";

    /// <summary>Sizes of each scenario; the test version shrinks them.</summary>
    public sealed class Sizes
    {
        public int Keys { get; init; } = 5000;
        public int Projects { get; init; } = 50;
        public int CostToolEntries { get; init; } = 5;
        public int Gets { get; init; } = 100;
        public int Entries { get; init; } = 1000;
        public int ServiceAccounts { get; init; } = 200;
        public int AuditProjects { get; init; } = 200;
        public int AuditKeys { get; init; } = 100;
        public int AuditServiceAccounts { get; init; } = 50;
    }

    public static IReadOnlyList<Scenario> All(Sizes? sizes = null)
    {
        var z = sizes ?? new Sizes();
        return new[]
        {
            new Scenario
            {
                Id = "S1", Description = $"list {z.Keys:N0} organization API keys",
                Seed = (c, _) =>
                {
                    // The seeded owner key counts: the org ends up with exactly z.Keys keys.
                    for (var i = 1; i < z.Keys; i++) c.Server.State.CreateApiKey($"bench key {i}", new[] { "ORG_MEMBER" });
                },
                AtlasPs = async (conn, c, s) =>
                {
                    long n = 0;
                    await foreach (var _ in AtlasPsImpl.ListApiKeysAsync(conn, c.OrgId)) n++;
                    c.ItemsRead = n;
                },
                Baseline = async (b, c) =>
                {
                    c.ItemsRead = (await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/apiKeys", NaiveAtlas.OrgMedia)).Count;
                },
                Verify = (c, _) => c.ItemsRead == z.Keys ? null : $"read {c.ItemsRead} keys, expected {z.Keys}",
            },
            new Scenario
            {
                Id = "S2", Description = $"cost-tool onboarding: create a key with 2 org roles, add {z.CostToolEntries} access-list entries, grant {ProjectRole} on {z.Projects} projects",
                Seed = (c, _) =>
                {
                    c.ProjectIds.AddRange(c.Server.State.CreateProjects(z.Projects));
                    for (var i = 0; i < z.CostToolEntries; i++) c.Entries.Add($"198.51.100.{10 + i}");
                },
                AtlasPs = (conn, c, s) => AtlasPsImpl.OnboardCostToolAsync(conn, c, s),
                Baseline = async (b, c) =>
                {
                    // atlas organizations apiKeys create --role A,B --desc ...
                    var key = await b.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{c.OrgId}/apiKeys", NaiveAtlas.OrgMedia,
                        new JsonObject { ["desc"] = CostToolKeyDescription, ["roles"] = new JsonArray(CostToolOrgRoles.Select(r => (JsonNode?)r).ToArray()) });
                    var id = key!["id"]!.GetValue<string>();
                    // atlas organizations apiKeys accessLists create --apiKey id --ip X   (once per entry)
                    foreach (var e in c.Entries)
                        await b.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{c.OrgId}/apiKeys/{id}/accessList", NaiveAtlas.OrgMedia,
                            new JsonArray(new JsonObject { ["ipAddress"] = e }));
                    // atlas projects apiKeys assign id --role GROUP_READ_ONLY --projectId P   (once per project)
                    foreach (var p in c.ProjectIds)
                        await b.SendAsync(HttpMethod.Post, $"api/atlas/v2/groups/{p}/apiKeys/{id}", NaiveAtlas.OrgMedia,
                            new JsonArray(new JsonObject { ["apiUserId"] = id, ["roles"] = new JsonArray(ProjectRole) }));
                },
                Verify = (c, _) =>
                {
                    var keys = c.Server.State.ApiKeys.Where(k => k.Description == CostToolKeyDescription).ToList();
                    if (keys.Count != 1) return $"{keys.Count} keys named '{CostToolKeyDescription}', expected 1";
                    var k = keys[0];
                    if (!k.OrgRoles.OrderBy(r => r).SequenceEqual(CostToolOrgRoles.OrderBy(r => r))) return "org roles are " + string.Join(",", k.OrgRoles);
                    if (k.AccessList.Count != c.Entries.Count) return $"access list has {k.AccessList.Count} entries, expected {c.Entries.Count}";
                    var granted = c.ProjectIds.Count(p => k.ProjectRoles.TryGetValue(p, out var r) && r.Count == 1 && r[0] == ProjectRole);
                    return granted == c.ProjectIds.Count ? null : $"{granted} of {c.ProjectIds.Count} projects granted {ProjectRole}";
                },
            },
            new Scenario
            {
                Id = "S3", Description = $"{z.Gets} sequential GETs (steady-state cost per call)", Calls = z.Gets,
                Seed = (c, _) => { },
                AtlasPs = async (conn, c, s) =>
                {
                    for (var i = 0; i < z.Gets; i++) { await conn.Client.Organizations.GetAsync(c.OrgId); c.ItemsRead++; }
                },
                Baseline = async (b, c) =>
                {
                    for (var i = 0; i < z.Gets; i++) { await b.SendAsync(HttpMethod.Get, $"api/atlas/v2/orgs/{c.OrgId}", NaiveAtlas.OrgMedia); c.ItemsRead++; }
                },
                Verify = (c, _) => c.ItemsRead == z.Gets ? null : $"{c.ItemsRead} GETs succeeded, expected {z.Gets}",
            },
            new Scenario
            {
                Id = "S4", Description = $"add {z.Entries:N0} access-list entries to one key",
                Seed = (c, _) =>
                {
                    c.KeyId = c.Server.State.CreateApiKey("access-list target", new[] { "ORG_READ_ONLY" }).Id;
                    for (var i = 0; i < z.Entries; i++) c.Entries.Add(i % 4 == 3 ? $"10.{i / 250}.{i % 250}.0/24" : $"10.{i / 250}.{i % 250}.1");
                },
                AtlasPs = (conn, c, s) => AtlasPsImpl.AddAccessListAsync(conn, c.OrgId, c.KeyId!, c.Entries),
                Baseline = async (b, c) =>
                {
                    foreach (var e in c.Entries)
                        await b.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{c.OrgId}/apiKeys/{c.KeyId}/accessList", NaiveAtlas.OrgMedia,
                            new JsonArray(e.Contains('/') ? new JsonObject { ["cidrBlock"] = e } : new JsonObject { ["ipAddress"] = e }));
                },
                Verify = (c, _) =>
                {
                    var n = c.Server.State.ApiKeyAccessList(c.KeyId!).Count;
                    return n == c.Entries.Count ? null : $"access list has {n} entries, expected {c.Entries.Count}";
                },
            },
            new Scenario
            {
                Id = "S5", Description = $"read {z.ServiceAccounts} service accounts and their secrets' expiry",
                Seed = (c, _) =>
                {
                    // The seeded owner service account counts: the org ends up with exactly z.ServiceAccounts.
                    for (var i = 1; i < z.ServiceAccounts; i++) c.Server.State.CreateServiceAccount($"bench sa {i}", new[] { "ORG_MEMBER" }, 24 * (1 + i % 300));
                },
                AtlasPs = async (conn, c, s) =>
                {
                    long withExpiry = 0;
                    await foreach (var sa in AtlasPsImpl.ListServiceAccountsAsync(conn, c.OrgId))
                        if (sa.Secrets.Any(x => x.ExpiresAt != default)) withExpiry++;
                    c.ItemsRead = withExpiry;
                },
                Baseline = async (b, c) =>
                {
                    // atlas api serviceAccounts listServiceAccounts --orgId X --pageNum N (100 per page); secrets[] come inline.
                    var all = await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/serviceAccounts", NaiveAtlas.SaMedia);
                    c.ItemsRead = all.Count(n => n["secrets"]?.AsArray().Any(x => x?["expiresAt"] is not null) == true);
                },
                Verify = (c, _) => c.ItemsRead == z.ServiceAccounts ? null : $"read expiry of {c.ItemsRead} accounts, expected {z.ServiceAccounts}",
            },
            new Scenario
            {
                Id = "S7", Description = $"access audit: {z.AuditProjects} projects, {z.AuditKeys} API keys, {z.AuditServiceAccounts} service accounts",
                Seed = (c, _) => SeedAudit(c, z),
                AtlasPs = async (conn, c, s) =>
                {
                    var options = new AtlasPS.Core.Workflows.AccessReportOptions { OrganizationId = c.OrgId };
                    if (s.ThrottleLimit is { } t) options.ThrottleLimit = t;
                    var report = await AtlasPS.Core.Workflows.AccessReportWorkflows.GetAsync(conn.Client, options);
                    c.ItemsRead = report.Count;
                    c.FactsRead = report.Sum(e => (long)e.AccessList.Count + e.ProjectCount);
                },
                Baseline = async (b, c) =>
                {
                    // One request at a time: the two lists page by page, then per key its access list, per service
                    // account its access list and its projects (what a script gets from one CLI call per item).
                    long facts = 0;
                    var keys = await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/apiKeys", NaiveAtlas.OrgMedia);
                    foreach (var k in keys)
                    {
                        facts += k["roles"]?.AsArray().Select(r => r?["groupId"]?.GetValue<string>()).Where(g => g is not null).Distinct().Count() ?? 0;
                        facts += (await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/apiKeys/{k["id"]!.GetValue<string>()}/accessList", NaiveAtlas.OrgMedia)).Count;
                    }
                    var accounts = await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/serviceAccounts", NaiveAtlas.SaMedia);
                    foreach (var a in accounts)
                    {
                        var id = a["clientId"]!.GetValue<string>();
                        facts += (await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/serviceAccounts/{id}/accessList", NaiveAtlas.SaMedia)).Count;
                        facts += (await b.ListAllAsync($"api/atlas/v2/orgs/{c.OrgId}/serviceAccounts/{id}/groups", NaiveAtlas.SaMedia)).Count;
                    }
                    c.ItemsRead = keys.Count + accounts.Count;
                    c.FactsRead = facts;
                },
                Verify = (c, _) =>
                {
                    if (c.ItemsRead != z.AuditKeys + z.AuditServiceAccounts)
                        return $"read {c.ItemsRead} principals, expected {z.AuditKeys + z.AuditServiceAccounts}";
                    return c.FactsRead == c.ExpectedFacts ? null : $"read {c.FactsRead} access-list entries and project assignments, expected {c.ExpectedFacts}";
                },
            },
        };
    }

    /// <summary>
    /// S7's organization: projects, keys and service accounts (the seeded owner key and account count), each with
    /// 2 access-list entries and assignments to 1 to 4 projects, so every per-principal read returns something.
    /// </summary>
    private static void SeedAudit(ScenarioContext c, Sizes z)
    {
        var st = c.Server.State;
        var projects = st.CreateProjects(z.AuditProjects);
        c.ProjectIds.AddRange(projects);
        long facts = 0;
        var keyIds = new List<string> { c.Server.Seed.OwnerApiKeyId };
        for (var i = 1; i < z.AuditKeys; i++) keyIds.Add(st.CreateApiKey($"audit key {i}", new[] { "ORG_READ_ONLY" }).Id);
        for (var i = 0; i < keyIds.Count; i++)
        {
            var id = keyIds[i];
            for (var p = 0; p < 1 + i % 4; p++) st.AssignApiKeyToProject(id, projects[(i * 7 + p) % projects.Count], new[] { "GROUP_READ_ONLY" });
            if (id != c.Server.Seed.OwnerApiKeyId)
            {
                st.AddApiKeyAccessListEntry(id, $"198.51.{i % 250}.{1 + i / 250}");
                st.AddApiKeyAccessListEntry(id, $"203.0.{i % 250}.0/24");
            }
            facts += st.ApiKeyProjectAssignments(id).Count + st.ApiKeyAccessList(id).Count;
        }
        var clientIds = new List<string> { c.Server.Seed.ServiceAccountClientId };
        for (var i = 1; i < z.AuditServiceAccounts; i++) clientIds.Add(st.CreateServiceAccount($"audit sa {i}", new[] { "ORG_MEMBER" }, 24 * (1 + i)).ClientId);
        for (var i = 0; i < clientIds.Count; i++)
        {
            var id = clientIds[i];
            for (var p = 0; p < 1 + i % 4; p++) st.AssignServiceAccountToProject(id, projects[(i * 11 + p) % projects.Count], new[] { "GROUP_READ_ONLY" });
            if (id != c.Server.Seed.ServiceAccountClientId)
            {
                st.AddServiceAccountAccessListEntry(id, $"192.0.2.{1 + i}");
                st.AddServiceAccountAccessListEntry(id, $"100.64.{i}.0/24");
            }
            facts += st.ServiceAccountProjectAssignments(id).Count + st.ServiceAccountAccessList(id).Count;
        }
        c.ExpectedFacts = facts;
    }

    public static AtlasConnection Connect(EmulatorServer server, AtlasPsSettings settings)
    {
        var options = new AtlasClientOptions
        {
            BaseUri = server.BaseUri,
            Credential = new ApiKeyCredential(server.Seed.PublicKey, Secure(server.Seed.PrivateKey)),
        };
        if (settings.PageConcurrency is { } pc) options.PageConcurrency = pc;
        return new AtlasConnection(new AtlasClient(options), server.Seed.OrgId, null);
    }

    private static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (var ch in s) ss.AppendChar(ch);
        ss.MakeReadOnly();
        return ss;
    }
}
