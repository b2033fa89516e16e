using System.Diagnostics;
using System.Globalization;
using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>
/// S6, the cold start of a runbook: a fresh `pwsh -NonInteractive` process that imports AtlasPS, connects with an API key
/// (one list-organizations call) and lists the organization's keys, against the same fresh process making the same two
/// calls with Invoke-RestMethod -Credential (.NET answers the digest challenge itself). Runs are paired (AtlasPS then
/// baseline, then the other order) against one emulator; each side's wall time is from process start to exit.
/// The module's own import time is measured inside the AtlasPS process and reported separately.
/// </summary>
public static class ColdStart
{
    public sealed record Result(List<double> AtlasPsMs, List<double> BaselineMs, List<double> ImportMs, int AtlasPsRequests, int BaselineRequests);

    private const string AtlasPsScript = """
        $ErrorActionPreference = 'Stop'
        $sw = [Diagnostics.Stopwatch]::StartNew()
        Import-Module $env:ATLASPS_BENCH_MODULE
        $import = $sw.Elapsed.TotalMilliseconds
        Connect-Atlas | Out-Null
        $n = @(Get-AtlasApiKey -OrganizationId $env:MONGODB_ATLAS_ORG_ID).Count
        "import_ms=$([Math]::Round($import, 1)) keys=$n"
        """;

    private const string BaselineScript = """
        $ErrorActionPreference = 'Stop'
        $cred = [pscredential]::new($env:MONGODB_ATLAS_PUBLIC_API_KEY, (ConvertTo-SecureString $env:MONGODB_ATLAS_PRIVATE_API_KEY -AsPlainText -Force))
        $h = @{ Accept = 'application/vnd.atlas.2023-01-01+json' }
        $base = $env:MONGODB_ATLAS_BASE_URL.TrimEnd('/')
        $orgs = Invoke-RestMethod "$base/api/atlas/v2/orgs?itemsPerPage=2" -Credential $cred -AllowUnencryptedAuthentication -Headers $h
        $keys = Invoke-RestMethod "$base/api/atlas/v2/orgs/$($env:MONGODB_ATLAS_ORG_ID)/apiKeys?itemsPerPage=500" -Credential $cred -AllowUnencryptedAuthentication -Headers $h
        "keys=$(@($keys.results).Count)"
        """;

    public static async Task<Result> RunAsync(int latencyMs, int runs, int keys, bool verbose)
    {
        var pwsh = Tools.Pwsh();
        var module = Tools.ModuleManifest();
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        for (var i = 1; i < keys; i++) server.State.CreateApiKey($"bench key {i}", new[] { "ORG_MEMBER" });
        server.Faults.LatencyMs = latencyMs;

        var dir = Directory.CreateTempSubdirectory("atlasps-bench-s6-");
        try
        {
            var a = Path.Combine(dir.FullName, "atlasps.ps1");
            var b = Path.Combine(dir.FullName, "baseline.ps1");
            await File.WriteAllTextAsync(a, AtlasPsScript);
            await File.WriteAllTextAsync(b, BaselineScript);
            var env = new Dictionary<string, string>
            {
                ["ATLASPS_BENCH_MODULE"] = module,
                ["MONGODB_ATLAS_BASE_URL"] = server.BaseUri.ToString(),
                ["MONGODB_ATLAS_PUBLIC_API_KEY"] = server.Seed.PublicKey,
                ["MONGODB_ATLAS_PRIVATE_API_KEY"] = server.Seed.PrivateKey,
                ["MONGODB_ATLAS_ORG_ID"] = server.Seed.OrgId,
            };

            // One untimed run of each: the first start of pwsh reads its files from disk; every runbook job after the
            // first finds them in the page cache, as these timed runs do.
            await RunScriptAsync(pwsh, a, env, keys);
            await RunScriptAsync(pwsh, b, env, keys);

            var aMs = new List<double>();
            var bMs = new List<double>();
            var import = new List<double>();
            int aReq = 0, bReq = 0;
            for (var run = 0; run < runs; run++)
            {
                // Alternate the order so neither side always runs on a machine the other just warmed.
                foreach (var atlasPs in run % 2 == 0 ? new[] { true, false } : new[] { false, true })
                {
                    server.Requests.Clear();
                    var (ms, output) = await RunScriptAsync(pwsh, atlasPs ? a : b, env, keys);
                    var requests = server.Requests.Count();
                    if (atlasPs)
                    {
                        aMs.Add(ms); aReq = requests;
                        import.Add(double.Parse(Field(output, "import_ms"), CultureInfo.InvariantCulture));
                    }
                    else { bMs.Add(ms); bReq = requests; }
                    if (verbose) Console.WriteLine(FormattableString.Invariant($"    {(atlasPs ? "A" : "B")} run {run + 1}: {ms:0} ms, {requests} requests  {output.Trim()}"));
                }
            }
            return new Result(aMs, bMs, import, aReq, bReq);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(double Ms, string Output)> RunScriptAsync(string pwsh, string script, Dictionary<string, string> env, int keys)
    {
        var psi = new ProcessStartInfo(pwsh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-NoLogo", "-NoProfile", "-NonInteractive", "-File", script }) psi.ArgumentList.Add(arg);
        foreach (var (k, v) in env) psi.Environment[k] = v;
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        sw.Stop();
        var output = await stdout;
        if (p.ExitCode != 0 || Field(output, "keys") != keys.ToString(CultureInfo.InvariantCulture))
            throw new InvalidOperationException($"S6: {Path.GetFileName(script)} exited {p.ExitCode} with '{output.Trim()}' (expected keys={keys}): {(await stderr).Trim()}");
        return (sw.Elapsed.TotalMilliseconds, output);
    }

    private static string Field(string output, string name)
    {
        foreach (var part in output.Split(new[] { ' ', '\n', '\r' }, StringSplitOptions.RemoveEmptyEntries))
            if (part.StartsWith(name + "=", StringComparison.Ordinal)) return part[(name.Length + 1)..];
        return "";
    }
}
