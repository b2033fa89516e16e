using System.Diagnostics;
using System.Security;
using System.Text.Json.Nodes;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>
/// S9, giving up in time: Atlas goes away (the emulator is stopped: connections are refused) in the middle of
/// New-AtlasApiKey with 50 projects, after the key, its access list and the first grants were made. Measured: the time
/// from the stop until the command returns its error, and whether anything it created is left in Atlas without the
/// error naming it. The baseline is the CLI-style loop (one request at a time, no retries): it gives up at once and
/// leaves the key behind, named nowhere.
/// </summary>
public static class GiveUp
{
    public sealed record Run(double TotalMs, double AfterStopMs, int Requests, int LeftBehind, int LeftUnnamed, string Error);
    public sealed record Result(List<Run> AtlasPs, List<Run> Baseline, TimeSpan Budget);

    /// <summary>Requests answered before Atlas goes away: challenge, outcome-check list, create, access list, 10 grants.</summary>
    public const int StopAfterRequests = 14;

    public static async Task<Result> RunAsync(int latencyMs, int runs, TimeSpan budget, int projects, bool verbose)
    {
        var a = new List<Run>();
        var b = new List<Run>();
        for (var run = 0; run < runs; run++)
        {
            a.Add(await OneAsync(latencyMs, budget, projects, atlasPs: true));
            b.Add(await OneAsync(latencyMs, budget, projects, atlasPs: false));
            if (verbose)
                foreach (var (side, r) in new[] { ("A", a[^1]), ("B", b[^1]) })
                    Console.WriteLine(FormattableString.Invariant(
                        $"    {side} run {run + 1}: {r.TotalMs:0} ms in all, {r.AfterStopMs:0} ms after the stop, {r.Requests} requests, {r.LeftBehind} key(s) left, {r.LeftUnnamed} unnamed; error {r.Error.Length} chars: {Cut(r.Error)}"));
        }
        return new Result(a, b, budget);
    }

    private static async Task<Run> OneAsync(int latencyMs, TimeSpan budget, int projects, bool atlasPs)
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var projectIds = server.State.CreateProjects(projects);
        var entries = Enumerable.Range(0, 5).Select(i => $"198.51.100.{10 + i}").ToList();
        server.Faults.LatencyMs = latencyMs;
        server.Requests.Clear();

        var stopped = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watch.IsCancellationRequested && server.Requests.Count() < StopAfterRequests)
                await Task.Delay(1).ConfigureAwait(false);
            if (watch.IsCancellationRequested) return;
            await server.DisposeAsync().ConfigureAwait(false);
            // Atlas is gone from here on: the listener is closed and every new connection is refused.
            stopped.TrySetResult(DateTimeOffset.UtcNow);
        });

        var sw = Stopwatch.StartNew();
        string error = "";
        try
        {
            if (atlasPs)
            {
                var options = new AtlasClientOptions
                {
                    BaseUri = server.BaseUri,
                    Credential = new ApiKeyCredential(server.Seed.PublicKey, Secure(server.Seed.PrivateKey)),
                    MaxRetryDuration = budget,
                };
                using var conn = new AtlasConnection(new AtlasClient(options), server.Seed.OrgId, null);
                await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
                {
                    OrganizationId = server.Seed.OrgId,
                    Description = Scenarios.CostToolKeyDescription,
                    Roles = Scenarios.CostToolOrgRoles,
                    AccessList = entries,
                    ProjectIds = projectIds,
                    ProjectRoles = new[] { Scenarios.ProjectRole },
                    ThrottleLimit = 2,
                });
            }
            else
            {
                using var naive = new NaiveAtlas(server.BaseUri, server.Seed.PublicKey, server.Seed.PrivateKey);
                var key = await naive.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{server.Seed.OrgId}/apiKeys", NaiveAtlas.OrgMedia,
                    new JsonObject { ["desc"] = Scenarios.CostToolKeyDescription, ["roles"] = new JsonArray(Scenarios.CostToolOrgRoles.Select(r => (JsonNode?)r).ToArray()) });
                var id = key!["id"]!.GetValue<string>();
                foreach (var e in entries)
                    await naive.SendAsync(HttpMethod.Post, $"api/atlas/v2/orgs/{server.Seed.OrgId}/apiKeys/{id}/accessList", NaiveAtlas.OrgMedia, new JsonArray(new JsonObject { ["ipAddress"] = e }));
                foreach (var p in projectIds)
                    await naive.SendAsync(HttpMethod.Post, $"api/atlas/v2/groups/{p}/apiKeys/{id}", NaiveAtlas.OrgMedia,
                        new JsonArray(new JsonObject { ["apiUserId"] = id, ["roles"] = new JsonArray(Scenarios.ProjectRole) }));
            }
        }
        catch (Exception e)
        {
            error = e.Message;
        }
        sw.Stop();
        var end = DateTimeOffset.UtcNow;
        watch.Cancel();
        await watcher;
        if (!stopped.Task.IsCompleted)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"S9 {(atlasPs ? "AtlasPS" : "baseline")}: the scenario finished before {StopAfterRequests} requests, so Atlas never went away.");
        }
        if (error.Length == 0) throw new InvalidOperationException($"S9 {(atlasPs ? "AtlasPS" : "baseline")}: no error although Atlas went away.");
        var stopAt = await stopped.Task;
        var left = server.State.ApiKeys.Where(k => k.Description == Scenarios.CostToolKeyDescription).ToList();
        var unnamed = left.Count(k => !error.Contains(k.Id, StringComparison.Ordinal));
        return new Run(sw.Elapsed.TotalMilliseconds, (end - stopAt).TotalMilliseconds, server.Requests.Count(), left.Count, unnamed, error);
    }

    private static string Cut(string s) => s.Length <= 160 ? s : s[..157] + "...";

    private static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (var ch in s) ss.AppendChar(ch);
        ss.MakeReadOnly();
        return ss;
    }
}
