using System.Text.Json;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// Get-AtlasAccessReport against an organization of 21 API keys, 10 service accounts and 30 projects with planted
/// problems: the report must show exactly the planted findings, and make 2 list calls plus one access-list call per
/// principal plus one project-list call per service account.
/// </summary>
public sealed class AccessReportWorkflowsTests : IClassFixture<SecretsEmulator>, IAsyncLifetime
{
    private readonly SecretsEmulator atlas;
    private EmulatorState State => atlas.Server.State;
    private string org = "";
    private AtlasClient auditor = null!;
    private string auditorId = "";
    private IReadOnlyList<string> projects = Array.Empty<string>();
    private readonly List<string> keys = new();
    private readonly List<string> accounts = new();
    /// <summary>Principal id -> the findings planted on it (everything else is clean).</summary>
    private readonly Dictionary<string, string[]> planted = new();

    public AccessReportWorkflowsTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    public Task InitializeAsync()
    {
        var now = DateTimeOffset.UtcNow;
        org = State.CreateOrg("audit-" + Guid.NewGuid().ToString("N")[..8]);
        projects = State.CreateProjects(30, org);

        // The auditor: ORG_OWNER (planted OwnerRole), used from this machine right now.
        var (aid, apub, apriv) = State.CreateApiKey("auditor", new[] { "ORG_OWNER" }, org);
        State.AddApiKeyAccessListEntry(aid, "127.0.0.1");
        auditorId = aid;
        keys.Add(aid);
        planted[aid] = new[] { AccessFinding.OwnerRole };
        auditor = new AtlasClient(atlas.Options(new ApiKeyCredential(apub, SecretText.FromString(apriv))));

        for (int i = 0; i < 20; i++)
        {
            var roles = i == 1 ? new[] { "ORG_OWNER" } : new[] { "ORG_MEMBER" };
            var (id, _, _) = State.CreateApiKey($"key-{i:00}", roles, org);
            keys.Add(id);
            State.AssignApiKeyToProject(id, projects[i % 30], new[] { "GROUP_READ_ONLY" });
            State.AssignApiKeyToProject(id, projects[(i + 7) % 30], new[] { "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_CLUSTER_MANAGER" });
            string entry = $"10.{i}.0.0/16";
            switch (i)
            {
                case 0: planted[id] = new[] { AccessFinding.NoAccessList, AccessFinding.NeverUsed }; continue;   // no access list, so no recorded use
                case 1: planted[id] = new[] { AccessFinding.OwnerRole }; break;
                case 2: entry = "0.0.0.0/0"; planted[id] = new[] { AccessFinding.OpenToWorld }; break;
                case 3: entry = "::/0"; planted[id] = new[] { AccessFinding.OpenToWorld }; break;
                case 4: planted[id] = new[] { AccessFinding.UnusedForDays }; break;
                case 5: planted[id] = new[] { AccessFinding.NeverUsed }; break;
                case 7: planted[id] = new[] { AccessFinding.UnusedForDays }; break;
            }
            State.AddApiKeyAccessListEntry(id, entry);
            DateTimeOffset? used = i switch { 4 => now.AddDays(-200), 5 => null, 6 => now.AddDays(-89), 7 => now.AddDays(-91), _ => now.AddDays(-1) };
            State.SetAccessListEntryLastUsed(id, entry, used, "192.0.2.10");
        }

        for (int i = 0; i < 10; i++)
        {
            var roles = i == 4 ? new[] { "ORG_OWNER" } : new[] { "ORG_MEMBER" };
            int hours = i switch { 1 => 5 * 24, 7 => 20 * 24, _ => 2000 };
            var (clientId, _) = State.CreateServiceAccount($"sa-{i:00}", roles, hours, org);
            accounts.Add(clientId);
            var first = State.GetServiceAccount(clientId)!.Secrets.Single().Id;
            State.AssignServiceAccountToProject(clientId, projects[i], new[] { "GROUP_READ_ONLY" });
            State.AssignServiceAccountToProject(clientId, projects[i + 10], new[] { "GROUP_OWNER" });
            string entry = $"172.16.{i}.0/24";
            DateTimeOffset? used = now.AddDays(-2);
            switch (i)
            {
                case 0: entry = ""; planted[clientId] = new[] { AccessFinding.NoAccessList }; break;        // used (secret lastUsedAt), but from anywhere
                case 1: planted[clientId] = new[] { AccessFinding.SecretExpiringSoon }; break;
                case 2: State.AddServiceAccountSecret(clientId, TimeSpan.FromDays(-3)); planted[clientId] = new[] { AccessFinding.SecretExpired }; break;
                case 3: State.SetServiceAccountSecretExpiry(clientId, first, now.AddDays(-1)); planted[clientId] = new[] { AccessFinding.SecretExpired }; break;
                case 4: planted[clientId] = new[] { AccessFinding.OwnerRole }; break;
                case 5: used = now.AddDays(-100); planted[clientId] = new[] { AccessFinding.UnusedForDays }; break;
                case 6: used = null; break;                                 // never used, but created today: not a finding
            }
            if (entry.Length > 0) State.AddServiceAccountAccessListEntry(clientId, entry);
            if (used is { } u)
            {
                State.SetServiceAccountSecretLastUsed(clientId, first, u);
                if (entry.Length > 0) State.SetAccessListEntryLastUsed(clientId, entry, u, "198.51.100.7");
            }
        }
        return Task.CompletedTask;
    }

    public Task DisposeAsync() { auditor.Dispose(); return Task.CompletedTask; }

    private Task<IReadOnlyList<AccessReportEntry>> Report(Action<AccessReportOptions>? configure = null)
    {
        var o = new AccessReportOptions { OrganizationId = org };
        configure?.Invoke(o);
        return AccessReportWorkflows.GetAsync(auditor, o);
    }

    [Fact]
    public async Task Report_has_exactly_the_planted_findings_with_few_requests()
    {
        atlas.Server.Requests.Clear();
        var report = await Report();
        var requests = atlas.Server.Requests.Entries.Where(r => r.Status != 401 && r.Path.Contains(org, StringComparison.Ordinal)).ToList();

        Assert.Equal(keys.Count + accounts.Count, report.Count);
        Assert.Equal(keys, report.Where(e => e.PrincipalType == PrincipalType.ApiKey).Select(e => e.Id).OrderBy(x => keys.IndexOf(x)));
        Assert.Equal(accounts.OrderBy(x => x), report.Where(e => e.PrincipalType == PrincipalType.ServiceAccount).Select(e => e.Id).OrderBy(x => x));
        foreach (var e in report)
        {
            var expected = planted.TryGetValue(e.Id, out var p) ? p : Array.Empty<string>();
            Assert.True(expected.OrderBy(x => x).SequenceEqual(e.FindingCodes.OrderBy(x => x)),
                $"{e}: expected [{string.Join(", ", expected)}], got [{e.FindingCodes}] ({e.Findings})");
            Assert.Equal(e.FindingCodes.Count, e.Findings.Count);
            Assert.All(e.Findings, f => Assert.Matches(@"^[A-Za-z]+: \S", f));
        }

        // Design bound: the key list and the service-account list once each, then one access-list call per principal
        // and one project-list call per service account. No per-project calls.
        Assert.True(requests.Count <= 2 + keys.Count + 2 * accounts.Count, $"{requests.Count} requests: " + string.Join(" ", requests.Select(r => r.Method + " " + r.Path)));
        Assert.Equal(1, requests.Count(r => r.Path.EndsWith($"/orgs/{org}/apiKeys", StringComparison.Ordinal)));
        Assert.Equal(1, requests.Count(r => r.Path.EndsWith($"/orgs/{org}/serviceAccounts", StringComparison.Ordinal)));
        Assert.Equal(keys.Count + accounts.Count, requests.Count(r => r.Path.EndsWith("/accessList", StringComparison.Ordinal)));
        Assert.Equal(accounts.Count, requests.Count(r => r.Path.EndsWith("/groups", StringComparison.Ordinal)));
        Assert.DoesNotContain(requests, r => r.Path.Contains("/groups/", StringComparison.Ordinal));
        Assert.All(requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Entries_carry_roles_projects_access_list_last_use_and_expiry()
    {
        var report = (await Report()).ToDictionary(e => e.Id);
        var k = report[keys[3]];   // key-02: 0.0.0.0/0, used yesterday
        Assert.Equal("ORG_MEMBER", k.Roles.ToString());
        Assert.Equal(2, k.ProjectCount);
        Assert.Contains($"{projects[2]}: GROUP_READ_ONLY", k.ProjectRoles);
        Assert.Contains(k.ProjectRoles, p => p.StartsWith(projects[9] + ": ", StringComparison.Ordinal) && p.Contains("GROUP_CLUSTER_MANAGER") && p.Contains("GROUP_DATA_ACCESS_READ_ONLY"));
        Assert.Equal("0.0.0.0/0", k.AccessList.ToString());
        Assert.True(k.OpenToWorld);
        Assert.Equal("192.0.2.10", k.LastUsedAddress);
        Assert.Equal(1, k.DaysSinceLastUsed);
        Assert.Equal(k.Name, State.GetApiKey(keys[3])!.PublicKey);

        var s = report[accounts[1]];   // sa-01: secret expiring in 5 days
        Assert.Equal(2, s.ProjectCount);
        Assert.Contains($"{projects[11]}: GROUP_OWNER", s.ProjectRoles);
        Assert.Equal("sa-01", s.Name);
        Assert.Equal(1, s.SecretCount);
        Assert.InRange((s.SecretExpiresAt!.Value - DateTimeOffset.UtcNow).TotalDays, 4.9, 5.01);
        Assert.Contains($"Update-AtlasCredential -ClientId {s.Id}", s.Findings[0]);

        var none = report[accounts[3]];  // sa-03: its only secret expired
        Assert.Null(none.SecretExpiresAt);
        Assert.Equal(1, none.ExpiredSecretCount);
        Assert.Contains("cannot sign in", none.Findings.Single());
    }

    [Fact]
    public async Task Thresholds_move_the_findings()
    {
        var report = (await Report(o => { o.UnusedDays = 30; o.ExpiringWithinDays = 30; })).ToDictionary(e => e.Id);
        Assert.Contains(AccessFinding.UnusedForDays, report[keys[7]].FindingCodes);     // key-06, 89 days
        Assert.Contains(AccessFinding.SecretExpiringSoon, report[accounts[7]].FindingCodes); // sa-07, 20 days
        Assert.DoesNotContain(AccessFinding.UnusedForDays, report[keys[3]].FindingCodes);
    }

    [Fact]
    public async Task PrincipalType_limits_the_report_and_its_requests()
    {
        atlas.Server.Requests.Clear();
        var report = await Report(o => o.PrincipalType = PrincipalType.ServiceAccount);
        Assert.All(report, e => Assert.Equal(PrincipalType.ServiceAccount, e.PrincipalType));
        Assert.Equal(accounts.Count, report.Count);
        Assert.DoesNotContain(atlas.Server.Requests.Entries, r => r.Path.Contains("/apiKeys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_property_is_readable_in_csv_and_json()
    {
        var report = await Report();
        // Export-Csv writes each property value with ToString(): no "System.String[]" columns.
        foreach (var e in report)
            foreach (var p in typeof(AccessReportEntry).GetProperties())
                Assert.DoesNotContain("System.", p.GetValue(e)?.ToString() ?? "");
        var owner = report.Single(e => e.Id == keys[2]);
        Assert.StartsWith("OwnerRole: ", owner.Findings.ToString());
        var json = JsonSerializer.Serialize(owner);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Array, doc.RootElement.GetProperty("FindingCodes").ValueKind);
        Assert.Equal("OwnerRole", doc.RootElement.GetProperty("FindingCodes")[0].GetString());
    }

    [Fact]
    public void Bad_thresholds_are_refused_before_any_request()
    {
        var e = Assert.Throws<AtlasValidationException>(() => AccessReportWorkflows.Validate(new AccessReportOptions { OrganizationId = org, UnusedDays = 0 }));
        Assert.Equal("AtlasInvalidUnusedDays", e.ErrorId);
        var t = Assert.Throws<AtlasValidationException>(() => AccessReportWorkflows.Validate(new AccessReportOptions { OrganizationId = org, ThrottleLimit = 0 }));
        Assert.Equal("AtlasInvalidThrottleLimit", t.ErrorId);
    }
}
