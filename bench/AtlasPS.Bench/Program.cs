using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using AtlasPS.Bench;
using AtlasPS.Emulator;

var latencyMs = 50;
var runs = 5;
var faults = false;
var verbose = false;
var side = "both";
string? only = null;
string? outPath = null;
var retryBudget = TimeSpan.FromSeconds(10);
var coldStartKeys = 20;
var settings = new AtlasPsSettings();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--latency-ms": latencyMs = NextInt(); break;
        case "--runs": runs = Math.Max(1, NextInt()); break;
        case "--faults": faults = true; break;
        case "--verbose": verbose = true; break;
        case "--probe": await Probe.RunAsync(); return 0;
        case "--side": side = Next(); break;
        case "--scenario": only = Next(); break;
        case "--page-concurrency": settings.PageConcurrency = NextInt(); break;
        case "--throttle": settings.ThrottleLimit = NextInt(); break;
        case "--out": outPath = Next(); break;
        case "--retry-budget-s": retryBudget = TimeSpan.FromSeconds(NextInt()); break;
        case "-h" or "--help":
            Console.WriteLine("AtlasPS.Bench [--latency-ms N (50)] [--runs N (5)] [--scenario S1,S3] [--faults] [--side both|atlasps|baseline] [--page-concurrency N] [--throttle N] [--retry-budget-s N (10, S9)] [--out results.json]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]} (try --help)");
            return 2;
    }
}

bool Selected(string id) => only is null || only.Split(',').Contains(id, StringComparer.OrdinalIgnoreCase);
var scenarios = Scenarios.All().Where(s => Selected(s.Id)).ToList();
var machine = $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
Console.WriteLine($"AtlasPS.Bench: emulator latency {latencyMs} ms per request; {machine}");

if (faults) return await RunFaultsAsync();

var rows = new List<JsonObject>();
foreach (var s in scenarios)
{
    Console.WriteLine($"{s.Id}: {s.Description}");
    var a = side == "baseline" ? Measurement.None : await MeasureAsync(s, atlasPs: true);
    var b = side == "atlasps" ? Measurement.None : await MeasureAsync(s, atlasPs: false);
    var ratio = Math.Round(b.Ms / Math.Max(0.001, a.Ms), 1);
    var row = new JsonObject
    {
        ["scenario"] = s.Id,
        ["description"] = s.Description,
        ["atlasps_ms"] = Math.Round(a.Ms, 1),
        ["baseline_ms"] = Math.Round(b.Ms, 1),
        ["ratio"] = ratio,
        ["atlasps_requests"] = a.Requests,
        ["baseline_requests"] = b.Requests,
        ["atlasps_digest_challenges"] = a.Challenges,
        ["baseline_digest_challenges"] = b.Challenges,
        ["runs"] = runs,
    };
    if (s.Calls > 0)
    {
        row["atlasps_requests_per_call"] = Math.Round(a.Requests / (double)s.Calls, 3);
        row["baseline_requests_per_call"] = Math.Round(b.Requests / (double)s.Calls, 3);
    }
    var targets = Targets(s.Id, a, b, ratio, s.Calls);
    if (targets.Count > 0) row["targets"] = targets;
    rows.Add(row);
    Console.WriteLine($"  AtlasPS {a.Ms:0} ms / {a.Requests} req; baseline {b.Ms:0} ms / {b.Requests} req; x{ratio}");
}

if (Selected("S6")) rows.Add(await ColdStartRowAsync());
if (Selected("S8")) rows.AddRange(await DscRowsAsync());
if (Selected("S9")) rows.Add(await GiveUpRowAsync());
rows.Sort((x, y) => string.CompareOrdinal(x["scenario"]!.GetValue<string>(), y["scenario"]!.GetValue<string>()));

var result = new JsonObject
{
    ["latency_ms"] = latencyMs,
    ["machine"] = machine,
    ["runs_per_side"] = runs,
    ["ratio_meaning"] = "baseline_ms / atlasps_ms (how many times faster AtlasPS is)",
    ["atlasps_settings"] = new JsonObject
    {
        ["page_concurrency"] = settings.PageConcurrency is { } pc ? pc : new AtlasPS.Core.AtlasClientOptions().PageConcurrency,
        ["throttle_limit"] = settings.ThrottleLimit is { } tl ? tl : AtlasPsImpl.DefaultThrottleLimit,
    },
    ["retry_budget_s"] = retryBudget.TotalSeconds,
    ["generated_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    ["scenarios"] = new JsonArray(rows.Select(r => (JsonNode?)r).ToArray()),
};
var path = outPath ?? Path.Combine(Tools.RepoRoot(), "bench", "results.json");
File.WriteAllText(path, result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + Environment.NewLine);
Console.WriteLine();
Console.WriteLine(Table(rows, latencyMs));
Console.WriteLine($"Wrote {path}");
return 0;

async Task<Measurement> MeasureAsync(Scenario s, bool atlasPs)
{
    var times = new List<double>();
    var requests = new List<int>();
    var challenges = new List<int>();
    for (var run = 0; run < runs; run++)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var ctx = new ScenarioContext { Server = server };
        s.Seed(ctx, run);
        server.Faults.LatencyMs = latencyMs;
        server.Requests.Clear();
        Quiesce();
        var t0 = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        if (atlasPs)
        {
            using var conn = Scenarios.Connect(server, settings);
            await s.AtlasPs(conn, ctx, settings);
        }
        else
        {
            using var naive = new NaiveAtlas(server.BaseUri, server.Seed.PublicKey, server.Seed.PrivateKey);
            await s.Baseline(naive, ctx);
        }
        sw.Stop();
        var error = s.Verify(ctx, run);
        if (error is not null) throw new InvalidOperationException($"{s.Id} {(atlasPs ? "AtlasPS" : "baseline")} run {run + 1} ended in the wrong state: {error}");
        times.Add(sw.Elapsed.TotalMilliseconds);
        requests.Add(server.Requests.Count());
        if (verbose && run == runs - 1)
            foreach (var e in server.Requests.Entries)
                Console.WriteLine(FormattableString.Invariant(
                    $"    {(atlasPs ? "A" : "B")} {(e.Timestamp - t0).TotalMilliseconds,6:0.0} ms +{(e.Completed - e.Timestamp).TotalMilliseconds,5:0.0} {e.Method} {e.Path}{e.Query} -> {e.Status}{(e.DigestChallenged ? " (challenge)" : "")}"));
        if (verbose && run == runs - 1) Console.WriteLine(FormattableString.Invariant($"    run {run + 1}: {sw.Elapsed.TotalMilliseconds:0.0} ms"));
        challenges.Add(server.Requests.Count(e => e.DigestChallenged));
    }
    return new Measurement(Median(times), (int)Median(requests.Select(x => (double)x).ToList()), (int)Median(challenges.Select(x => (double)x).ToList()), times);
}

async Task<JsonObject> ColdStartRowAsync()
{
    const string description = "cold start of a runbook: fresh pwsh, import, connect, list the keys";
    Console.WriteLine($"S6: {description}");
    var r = await ColdStart.RunAsync(latencyMs, runs, coldStartKeys, verbose);
    double a = Median(r.AtlasPsMs), b = Median(r.BaselineMs), import = Median(r.ImportMs);
    var paired = Median(r.AtlasPsMs.Zip(r.BaselineMs, (x, y) => x / y).ToList());
    var row = new JsonObject
    {
        ["scenario"] = "S6",
        ["description"] = description,
        ["atlasps_ms"] = Math.Round(a, 1),
        ["baseline_ms"] = Math.Round(b, 1),
        ["ratio"] = Math.Round(b / Math.Max(0.001, a), 2),
        ["atlasps_requests"] = r.AtlasPsRequests,
        ["baseline_requests"] = r.BaselineRequests,
        ["runs"] = runs,
        ["atlasps_import_ms"] = Math.Round(import, 1),
        ["atlasps_over_baseline_paired_median"] = Math.Round(paired, 3),
        ["baseline_kind"] = "the same fresh pwsh process calling Invoke-RestMethod -Credential twice (list orgs, list keys)",
        ["targets"] = new JsonArray(new JsonObject { ["target"] = "wall time at most 1.10 x the Invoke-RestMethod process (median of paired runs)", ["pass"] = paired <= 1.10 }),
    };
    Console.WriteLine(FormattableString.Invariant($"  AtlasPS {a:0} ms (import {import:0} ms) / {r.AtlasPsRequests} req; Invoke-RestMethod {b:0} ms / {r.BaselineRequests} req; paired AtlasPS/baseline {paired:0.00}"));
    return row;
}

async Task<IEnumerable<JsonObject>> DscRowsAsync()
{
    Console.WriteLine("S8: DSC check of an AtlasApiKey (2 roles, 5 addresses, 20 project roles): Test() compliant, Set() after one address drifted");
    var r = await DscCheck.RunAsync(latencyMs, runs, verbose);
    JsonObject Row(string id, string description, DscCheck.Side a, DscCheck.Side b, JsonArray targets)
    {
        double am = Median(a.Ms), bm = Median(b.Ms);
        Console.WriteLine(FormattableString.Invariant($"  {id}: AtlasPS {am:0} ms / {a.Requests} req ({a.Writes} writes); baseline {bm:0} ms / {b.Requests} req ({b.Writes} writes)"));
        return new JsonObject
        {
            ["scenario"] = id,
            ["description"] = description,
            ["atlasps_ms"] = Math.Round(am, 1),
            ["baseline_ms"] = Math.Round(bm, 1),
            ["ratio"] = Math.Round(bm / Math.Max(0.001, am), 1),
            ["atlasps_requests"] = a.Requests,
            ["baseline_requests"] = b.Requests,
            ["atlasps_write_requests"] = a.Writes,
            ["baseline_write_requests"] = b.Writes,
            ["runs"] = runs,
            ["measured"] = "after the connection is made (Connect-Atlas: 1 challenge + 1 list of organizations)",
            ["targets"] = targets,
        };
    }
    return new[]
    {
        Row("S8a", "DSC Test() of a compliant AtlasApiKey (5 addresses, 20 project roles)", r.TestA, r.TestB,
            new JsonArray(new JsonObject { ["target"] = "Test at most 3 requests after connecting", ["pass"] = r.TestA.Requests <= 3 })),
        Row("S8b", "DSC Set() correcting one drifted address", r.SetA, r.SetB,
            new JsonArray(new JsonObject { ["target"] = "Set sends only the write the drift needs (1) after Test's reads (at most 3)", ["pass"] = r.SetA.Writes == 1 && r.SetA.Requests <= 4 })),
    };
}

async Task<JsonObject> GiveUpRowAsync()
{
    const int projects = 50;
    var description = $"giving up in time: Atlas goes away during New-AtlasApiKey with {projects} projects (retry budget {retryBudget.TotalSeconds:0} s)";
    Console.WriteLine($"S9: {description}");
    var r = await GiveUp.RunAsync(latencyMs, runs, retryBudget, projects, verbose);
    double a = Median(r.AtlasPs.Select(x => x.TotalMs).ToList()), b = Median(r.Baseline.Select(x => x.TotalMs).ToList());
    var worstAfterStop = r.AtlasPs.Max(x => x.AfterStopMs);
    var unnamed = r.AtlasPs.Sum(x => x.LeftUnnamed);
    var row = new JsonObject
    {
        ["scenario"] = "S9",
        ["description"] = description,
        ["atlasps_ms"] = Math.Round(a, 1),
        ["baseline_ms"] = Math.Round(b, 1),
        ["ratio"] = Math.Round(b / Math.Max(0.001, a), 2),
        ["atlasps_requests"] = (int)Median(r.AtlasPs.Select(x => (double)x.Requests).ToList()),
        ["baseline_requests"] = (int)Median(r.Baseline.Select(x => (double)x.Requests).ToList()),
        ["runs"] = runs,
        ["retry_budget_ms"] = r.Budget.TotalMilliseconds,
        ["atlasps_after_stop_ms_median"] = Math.Round(Median(r.AtlasPs.Select(x => x.AfterStopMs).ToList()), 1),
        ["atlasps_after_stop_ms_max"] = Math.Round(worstAfterStop, 1),
        ["atlasps_keys_left"] = r.AtlasPs.Sum(x => x.LeftBehind),
        ["atlasps_keys_left_unnamed"] = unnamed,
        ["atlasps_error_chars_max"] = r.AtlasPs.Max(x => x.Error.Length),
        ["baseline_keys_left"] = r.Baseline.Sum(x => x.LeftBehind),
        ["baseline_keys_left_unnamed"] = r.Baseline.Sum(x => x.LeftUnnamed),
        ["baseline_kind"] = "one request at a time, no retries (a CLI loop): gives up at the first refused connection",
        ["targets"] = new JsonArray(
            new JsonObject { ["target"] = $"returns within the retry budget ({r.Budget.TotalSeconds:0} s) after Atlas goes away, every run", ["pass"] = worstAfterStop <= r.Budget.TotalMilliseconds },
            new JsonObject { ["target"] = "nothing left in Atlas that the error does not name", ["pass"] = unnamed == 0 }),
    };
    Console.WriteLine(FormattableString.Invariant($"  AtlasPS returned {worstAfterStop:0} ms (worst) after the stop, {unnamed} key(s) left unnamed; baseline {b:0} ms, {r.Baseline.Sum(x => x.LeftUnnamed)} left unnamed"));
    return row;
}

async Task<int> RunFaultsAsync()
{
    Console.WriteLine("Fault mode: every 10th request answered 429 with Retry-After: 1 (counter primed so the 2nd request of each scenario is the 10th); each scenario once through AtlasPS, end state checked.");
    var failures = 0;
    foreach (var s in scenarios)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var ctx = new ScenarioContext { Server = server };
        s.Seed(ctx, 0);
        server.Faults.LatencyMs = latencyMs;
        await Emulation.ArmTooManyRequestsAsync(server);
        var sw = Stopwatch.StartNew();
        string? error;
        try
        {
            using var conn = Scenarios.Connect(server, settings);
            await s.AtlasPs(conn, ctx, settings);
            error = null;
        }
        catch (Exception e) { error = $"{e.GetType().Name}: {e.Message}"; }
        sw.Stop();
        var total = server.Requests.Count();
        server.Faults.Reset();
        error ??= s.Verify(ctx, 0);
        var n429 = server.Requests.Count(e => e.Status == 429);
        if (error is null && n429 == 0) error = "no request met a 429: the fault was not exercised";
        Console.WriteLine($"  {s.Id} {(error is null ? "PASS" : "FAIL")}  {sw.Elapsed.TotalMilliseconds:0} ms, {total} requests ({n429} answered 429, all retried){(error is null ? "" : "  " + error)}");
        if (error is not null) failures++;
    }
    Console.WriteLine(failures == 0 ? "All scenarios ended in the right state." : $"{failures} scenario(s) ended in the wrong state.");
    return failures == 0 ? 0 : 1;
}

JsonArray Targets(string id, Measurement a, Measurement b, double ratio, int calls)
{
    var t = new JsonArray();
    void Add(string name, bool pass) => t.Add(new JsonObject { ["target"] = name, ["pass"] = pass });
    switch (id)
    {
        case "S1":
            Add($"wall time <= 6 x latency ({6 * latencyMs} ms)", a.Ms <= 6 * latencyMs);
            Add("at least 5x faster than the baseline", ratio >= 5);
            break;
        case "S2":
            Add($"wall time <= 12 x latency ({12 * latencyMs} ms)", a.Ms <= 12 * latencyMs);
            Add("at least 5x faster than the baseline", ratio >= 5);
            Add("at most 60 requests", a.Requests <= 60);
            break;
        case "S3":
            Add("at most 1.02 requests per call", a.Requests <= 1.02 * calls);
            break;
        case "S4":
            Add("at most 10 requests", a.Requests <= 10);
            break;
        case "S7":
            Add($"wall time <= 10 x latency ({10 * latencyMs} ms)", a.Ms <= 10 * latencyMs);
            Add("at least 10x faster than the baseline", ratio >= 10);
            break;
    }
    return t;
}

static string Table(List<JsonObject> rows, int latencyMs)
{
    var sb = new System.Text.StringBuilder();
    sb.AppendLine($"| Scenario | AtlasPS (median ms) | Baseline (median ms) | Speed-up | AtlasPS requests | Baseline requests | Targets |");
    sb.AppendLine("|---|---:|---:|---:|---:|---:|---|");
    foreach (var r in rows)
    {
        var targets = r["targets"] is JsonArray t && t.Count > 0
            ? string.Join("; ", t.Select(x => (x!["pass"]!.GetValue<bool>() ? "PASS " : "MISS ") + x["target"]!.GetValue<string>()))
            : "-";
        sb.AppendLine(FormattableString.Invariant(
            $"| {r["scenario"]}: {r["description"]} | {r["atlasps_ms"]!.GetValue<double>():0} | {r["baseline_ms"]!.GetValue<double>():0} | {r["ratio"]!.GetValue<double>():0.0}x | {r["atlasps_requests"]} | {r["baseline_requests"]} | {targets} |"));
    }
    return sb.ToString();
}

// Each run starts and seeds a fresh emulator and disposes of the last one: their garbage, finalizers and pooled-array
// trimming would otherwise run on the same 2 cores during the next timed run, on whichever side came next.
static void Quiesce()
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
}

static double Median(List<double> xs)
{
    var s = xs.OrderBy(x => x).ToList();
    return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
}

record Measurement(double Ms, int Requests, int Challenges, List<double> Times)
{
    public static readonly Measurement None = new(0, 0, 0, new List<double>());
}
