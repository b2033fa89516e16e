using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// The .NET Framework build executed: tests/AtlasPS.Net472.Checks (a net472 program) runs the core's main paths under
/// Mono, loading AtlasPS.Core and its dependencies from the module's shipped bin/net472 through an AssemblyResolve
/// handler and no binding redirects, as Windows PowerShell 5.1 loads them. The emulator runs here (.NET 10) and the
/// program reaches it over loopback; it asks this driver, over its stdin/stdout, for the seeded credentials, fault
/// switches and the request log. One test case per check. Skipped where `mono` is not on PATH, unless
/// ATLASPS_REQUIRE_MONO=1 (set by .ci/run, which installs mono-complete), where a missing Mono fails.
/// </summary>
public sealed class MonoNet472Tests(MonoNet472Tests.MonoRun run) : IClassFixture<MonoNet472Tests.MonoRun>
{
    /// <summary>The checks of AtlasPS.Net472.Checks (Checks.All), in its order.</summary>
    public static readonly string[] CheckNames =
    {
        "digest-nonce-reuse", "oauth-client-credentials", "paging-concurrent-pages", "create-key-access-list-projects",
        "rollback-after-failure", "service-account-secrets", "rotation-api-key", "rotation-service-account", "vault-handoff",
        "validation-messages", "atlas-error-messages", "retry-429-retry-after", "retry-dropped-connection", "lost-create-answer",
        "securestring-handling", "cancellation",
    };

    public static TheoryData<string> Checks => new(CheckNames);

    [MonoTheory]
    [MemberData(nameof(Checks))]
    public void Net472_core_under_Mono(string check)
    {
        var r = run.Result;
        if (r.Failed.TryGetValue(check, out var reason)) Assert.Fail($"{check} failed under Mono: {reason}");
        Assert.True(r.Passed.Contains(check), $"{check} did not report (exit code {r.ExitCode}).\n{r.Transcript}");
    }

    [MonoFact]
    public void The_program_ran_every_listed_check_and_no_other()
    {
        var r = run.Result;
        Assert.Equal(CheckNames, r.Order);
        Assert.Equal(r.Failed.Count == 0 ? 0 : 1, r.ExitCode);
        Assert.Contains("# runtime Mono", r.Transcript);
    }

    /// <summary>Finds `mono` on PATH.</summary>
    internal static class Mono
    {
        public static string? Path { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "mono"))
            .FirstOrDefault(File.Exists);

        public static bool Required => Environment.GetEnvironmentVariable("ATLASPS_REQUIRE_MONO") == "1";

        /// <summary>Null when the tests run; the skip reason otherwise.</summary>
        public static string? SkipReason => Path is null && !Required
            ? "mono is not installed: the net472 build is run under Mono (Debian: apt-get install mono-complete). .ci/run installs it and sets ATLASPS_REQUIRE_MONO=1."
            : null;
    }

    internal sealed class MonoTheoryAttribute : TheoryAttribute
    {
        public MonoTheoryAttribute() { Skip = Mono.SkipReason; }
    }

    internal sealed class MonoFactAttribute : FactAttribute
    {
        public MonoFactAttribute() { Skip = Mono.SkipReason; }
    }

    public sealed record Outcome(HashSet<string> Passed, Dictionary<string, string> Failed, List<string> Order, int ExitCode, string Transcript);

    /// <summary>Runs the program once for the whole class: emulator in process, the program under Mono.</summary>
    public sealed class MonoRun : IAsyncLifetime
    {
        private static readonly TimeSpan Limit = TimeSpan.FromMinutes(15);
        private Outcome? result;
        private Exception? error;

        public Outcome Result => result ?? throw new InvalidOperationException("The Mono run did not complete: " + error?.Message, error);

        public async Task InitializeAsync()
        {
            if (Mono.SkipReason != null) return;
            try { result = await RunAsync(); }
            catch (Exception ex) { error = ex; }
        }

        public Task DisposeAsync() => Task.CompletedTask;

        private static string Metadata(string key) =>
            typeof(MonoRun).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "";

        private static async Task<Outcome> RunAsync()
        {
            var mono = Mono.Path ?? throw new InvalidOperationException("ATLASPS_REQUIRE_MONO=1 but `mono` is not on PATH. Install it: apt-get install -y mono-complete");
            var exe = Metadata("Net472ChecksExe");
            if (!File.Exists(exe)) throw new FileNotFoundException($"The net472 check program is not built ({exe}). Run: dotnet build AtlasPS.sln", exe);
            var bin = Path.Combine(TestPaths.OutModule, "bin", "net472");

            // The program alone in a folder of its own: every AtlasPS.Core and dependency load must come from bin/net472.
            var dir = Directory.CreateTempSubdirectory("atlasps-net472-checks-").FullName;
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });
            var transcript = new StringBuilder();
            var passed = new HashSet<string>(StringComparer.Ordinal);
            var failed = new Dictionary<string, string>(StringComparer.Ordinal);
            var order = new List<string>();
            try
            {
                foreach (var f in new[] { exe, Path.ChangeExtension(exe, ".pdb") })
                    if (File.Exists(f)) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
                var psi = new ProcessStartInfo(mono)
                {
                    RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                    StandardOutputEncoding = Encoding.UTF8, StandardErrorEncoding = Encoding.UTF8, WorkingDirectory = dir,
                };
                foreach (var a in new[] { "--debug", Path.Combine(dir, Path.GetFileName(exe)), "--bin", bin }) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                var stderr = p.StandardError.ReadToEndAsync();
                using var cts = new CancellationTokenSource(Limit);
                try
                {
                    string? line;
                    while ((line = await p.StandardOutput.ReadLineAsync(cts.Token)) != null)
                    {
                        if (line.StartsWith("@ctl ", StringComparison.Ordinal))
                        {
                            string reply;
                            try { reply = Handle(server, JsonNode.Parse(line.Substring(5))!.AsObject()).ToJsonString(); }
                            catch (Exception ex) { reply = new JsonObject { ["error"] = ex.Message }.ToJsonString(); }
                            await p.StandardInput.WriteLineAsync(reply);
                            await p.StandardInput.FlushAsync();
                            continue;
                        }
                        transcript.AppendLine(line);
                        if (line.StartsWith("PASS ", StringComparison.Ordinal)) { var n = line.Substring(5).Trim(); passed.Add(n); order.Add(n); }
                        else if (line.StartsWith("FAIL ", StringComparison.Ordinal))
                        {
                            var rest = line.Substring(5);
                            int colon = rest.IndexOf(':');
                            var n = colon < 0 ? rest.Trim() : rest.Substring(0, colon);
                            failed[n] = colon < 0 ? "" : rest.Substring(colon + 1).Trim();
                            order.Add(n);
                        }
                    }
                    await p.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    p.Kill(entireProcessTree: true);
                    transcript.AppendLine($"(stopped after {Limit.TotalMinutes} minutes)");
                }
                var err = await stderr;
                if (err.Length > 0) transcript.AppendLine("stderr: " + err);
                return new Outcome(passed, failed, order, p.HasExited ? p.ExitCode : -1, transcript.ToString());
            }
            finally { Directory.Delete(dir, recursive: true); }
        }

        private static JsonNode Handle(EmulatorServer server, JsonObject request)
        {
            switch (request["op"]?.GetValue<string>())
            {
                case "hello":
                    var s = server.Seed;
                    return new JsonObject
                    {
                        ["baseUri"] = server.BaseUri.ToString(), ["orgId"] = s.OrgId, ["publicKey"] = s.PublicKey, ["privateKey"] = s.PrivateKey,
                        ["ownerApiKeyId"] = s.OwnerApiKeyId, ["clientId"] = s.ServiceAccountClientId, ["clientSecret"] = s.ClientSecret,
                        ["projectIds"] = new JsonArray(s.ProjectIds.Select(id => (JsonNode?)id).ToArray()),
                    };
                case "reset":
                    server.Faults.Reset();
                    server.Requests.Clear();
                    return new JsonObject();
                case "faults":
                    foreach (var (name, value) in request)
                    {
                        var f = server.Faults;
                        switch (name)
                        {
                            case "op": break;
                            case "LatencyMs": f.LatencyMs = value!.GetValue<int>(); break;
                            case "TooManyRequestsBurst": f.TooManyRequestsBurst = value!.GetValue<int>(); break;
                            case "RetryAfterSeconds": f.RetryAfterSeconds = value?.GetValue<int>(); break;
                            case "ServiceUnavailableBurst": f.ServiceUnavailableBurst = value!.GetValue<int>(); break;
                            case "ServiceUnavailableRetryAfterSeconds": f.ServiceUnavailableRetryAfterSeconds = value?.GetValue<int>(); break;
                            case "Drop":
                                f.DropConnection(value!["method"]!.GetValue<string>(), value["path"]!.GetValue<string>(),
                                    Enum.Parse<DropTiming>(value["timing"]!.GetValue<string>()));
                                break;
                            default: throw new ArgumentException("unknown fault " + name);
                        }
                    }
                    return new JsonObject();
                case "log":
                    return new JsonArray(server.Requests.Entries.Select(e => (JsonNode?)new JsonObject
                    {
                        ["method"] = e.Method, ["path"] = e.Path, ["query"] = e.Query, ["status"] = e.Status, ["challenged"] = e.DigestChallenged,
                        ["dropped"] = e.Dropped, ["principal"] = e.Principal, ["arrived"] = e.Timestamp.UtcTicks, ["completed"] = e.Completed.UtcTicks,
                    }).ToArray());
                default:
                    throw new ArgumentException("unknown op " + request["op"]);
            }
        }
    }
}
