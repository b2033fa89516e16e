using System.Diagnostics;
using System.Text.Json.Nodes;
using AtlasPS.Core;
using AtlasPS.Core.Dsc;
using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>
/// S8, a DSC check: the AtlasApiKey resource's Test() on a compliant key (2 org roles, 5 addresses, 20 project roles),
/// and its Set() after one address was removed out of band. The AtlasPS side is the plan the resource's Test()/Set()
/// run (AtlasPS.Core.Dsc.ApiKeyPlan), measured after the connection is made (the resource's Connect-Atlas costs one
/// challenge and one list of organizations before it; tests/AtlasPS.Tests/Cmdlets/DscResourceTests.cs asserts the
/// same counts through the PowerShell class). The baseline is what a script does with one CLI call per fact: find the
/// key by description in the key list, read its access list, and list each project's keys to check the roles; its
/// Set does the same reads and then adds the missing address.
/// </summary>
public static class DscCheck
{
    public sealed record Side(List<double> Ms, int Requests, int Writes);
    public sealed record Result(Side TestA, Side TestB, Side SetA, Side SetB);

    private const string Description = "dsc-cost-tool";
    private static readonly string[] OrgRoles = { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" };
    private const int Projects = 20;
    private static readonly string[] Addresses = { "203.0.113.10", "203.0.113.11", "203.0.113.12", "198.51.100.0/24", "192.0.2.44" };

    public static async Task<Result> RunAsync(int latencyMs, int runs, bool verbose)
    {
        var testA = new List<(double, int, int)>();
        var testB = new List<(double, int, int)>();
        var setA = new List<(double, int, int)>();
        var setB = new List<(double, int, int)>();
        for (var run = 0; run < runs; run++)
        {
            foreach (var set in new[] { false, true })
            {
                (set ? setA : testA).Add(await OneAsync(latencyMs, set, atlasPs: true));
                (set ? setB : testB).Add(await OneAsync(latencyMs, set, atlasPs: false));
                if (verbose)
                    Console.WriteLine(FormattableString.Invariant(
                        $"    {(set ? "Set " : "Test")} run {run + 1}: AtlasPS {(set ? setA : testA)[^1].Item1:0} ms / {(set ? setA : testA)[^1].Item2} req; baseline {(set ? setB : testB)[^1].Item1:0} ms / {(set ? setB : testB)[^1].Item2} req"));
            }
        }
        static Side Of(List<(double Ms, int Req, int Writes)> xs) =>
            new(xs.Select(x => x.Ms).ToList(), xs.Max(x => x.Req), xs.Max(x => x.Writes));
        return new Result(Of(testA), Of(testB), Of(setA), Of(setB));
    }

    private static async Task<(double Ms, int Requests, int Writes)> OneAsync(int latencyMs, bool set, bool atlasPs)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var st = server.State;
        var projects = st.CreateProjects(Projects);
        var key = st.CreateApiKey(Description, OrgRoles);
        foreach (var p in projects) st.AssignApiKeyToProject(key.Id, p, new[] { "GROUP_READ_ONLY" });
        // Set's drift: the last address was removed out of band.
        foreach (var a in set ? Addresses[..^1] : Addresses) st.AddApiKeyAccessListEntry(key.Id, a);
        server.Faults.LatencyMs = latencyMs;

        var desired = new ApiKeyDesiredState
        {
            OrganizationId = server.Seed.OrgId,
            Description = Description,
            Roles = OrgRoles,
            AccessList = Addresses,
            ProjectRoles = projects.Select(p => new DscProjectRole { ProjectId = p, Roles = new[] { "GROUP_READ_ONLY" } }).ToArray(),
        };

        double ms;
        if (atlasPs)
        {
            using var conn = Scenarios.Connect(server, new AtlasPsSettings());
            // What Connect-Atlas sends before the resource's Test(): the digest challenge, then one list of organizations.
            await foreach (var _ in conn.Client.Organizations.ListAsync(new AtlasPS.Core.PageRequest { First = 2, ItemsPerPage = 2, Concurrent = false })) { }
            server.Requests.Clear();
            var sw = Stopwatch.StartNew();
            var plan = await ApiKeyPlan.PlanAsync(conn, desired);
            if (set) await ApiKeyPlan.ApplyAsync(conn, plan, vault: null, warn: null);
            sw.Stop();
            ms = sw.Elapsed.TotalMilliseconds;
            if (!set && !plan.IsEmpty) throw new InvalidOperationException("S8: the compliant key's plan is not empty: " + string.Join("; ", plan.Reasons.Select(r => r.Phrase)));
            if (set && plan.AccessListToAdd.Count != 1) throw new InvalidOperationException($"S8: the plan adds {plan.AccessListToAdd.Count} addresses, expected the one removed out of band");
        }
        else
        {
            using var naive = new NaiveAtlas(server.BaseUri, server.Seed.PublicKey, server.Seed.PrivateKey);
            await naive.SendAsync(HttpMethod.Get, "api/atlas/v2/orgs?itemsPerPage=2", NaiveAtlas.OrgMedia);
            server.Requests.Clear();
            var sw = Stopwatch.StartNew();
            var org = server.Seed.OrgId;
            var found = (await naive.ListAllAsync($"api/atlas/v2/orgs/{org}/apiKeys", NaiveAtlas.OrgMedia))
                .Single(k => k["desc"]?.GetValue<string>() == Description);
            var id = found["id"]!.GetValue<string>();
            var have = (await naive.ListAllAsync($"api/atlas/v2/orgs/{org}/apiKeys/{id}/accessList", NaiveAtlas.OrgMedia))
                .Select(e => e!["cidrBlock"]!.GetValue<string>()).ToHashSet();
            var compliant = true;
            foreach (var p in projects)
            {
                var inProject = (await naive.ListAllAsync($"api/atlas/v2/groups/{p}/apiKeys", NaiveAtlas.OrgMedia)).FirstOrDefault(k => k["id"]?.GetValue<string>() == id);
                compliant &= inProject is not null;
            }
            var missing = Addresses.Where(a => !have.Contains(a.Contains('/') ? a : a + "/32")).ToList();
            if (set)
                foreach (var a in missing)
                    await naive.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{org}/apiKeys/{id}/accessList", NaiveAtlas.OrgMedia,
                        new JsonArray(a.Contains('/') ? new JsonObject { ["cidrBlock"] = a } : new JsonObject { ["ipAddress"] = a }));
            sw.Stop();
            ms = sw.Elapsed.TotalMilliseconds;
            if (!compliant || (!set && missing.Count != 0) || (set && missing.Count != 1)) throw new InvalidOperationException("S8 baseline read a state other than the one seeded");
        }
        var requests = server.Requests.Count();
        var writes = server.Requests.Count(e => e.Method != "GET" && !e.DigestChallenged);
        var entries = st.ApiKeyAccessList(key.Id).Count;
        if (entries != Addresses.Length) throw new InvalidOperationException($"S8 {(atlasPs ? "AtlasPS" : "baseline")}: the key ends with {entries} addresses, expected {Addresses.Length}");
        return (ms, requests, writes);
    }
}
