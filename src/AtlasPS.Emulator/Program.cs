using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;

const string Usage = "AtlasPS.Emulator [--port N (default 8080, 0 = any)] [--latency-ms N] [--429-every N] [--retry-after S] [--projects N] [--public-key K] [--private-key K] [--client-secret S] [--json]";
var options = new EmulatorOptions { Port = 8080 };
var json = false;
int? latency = null, every = null, retryAfter = null;
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Next() => i + 1 < args.Length ? args[++i] : throw new UsageException($"{args[i]} needs a value.");
        int NextInt(int min, int max)
        {
            string name = args[i], text = Next();
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
                throw new UsageException($"{name} takes a whole number from {min} to {max}, not '{(text.Length > 32 ? text.Substring(0, 32) + "..." : text)}'.");
            return n;
        }
        switch (args[i])
        {
            case "--port": options.Port = NextInt(0, 65535); break;
            case "--latency-ms": latency = NextInt(0, 600_000); break;
            case "--429-every": every = NextInt(0, int.MaxValue); break;
            case "--retry-after": retryAfter = NextInt(0, 86_400); break;
            case "--projects": options.ProjectCount = NextInt(0, 100_000); break;
            case "--private-key": options.SeedPrivateKey = Next(); break;
            case "--public-key": options.SeedPublicKey = Next(); break;
            case "--client-secret": options.SeedClientSecret = Next(); break;
            case "--json": json = true; break;
            case "-h" or "--help":
                Console.WriteLine(Usage);
                return 0;
            default:
                throw new UsageException($"Unknown argument {args[i]}.");
        }
    }
}
catch (UsageException u)
{
    Console.Error.WriteLine(u.Message);
    Console.Error.WriteLine("Usage: " + Usage);
    return 2;
}

// Stop on Ctrl+C, `kill PID` (SIGTERM), SIGINT and SIGQUIT, with or without a terminal; set up before the server
// starts, since a signal may come as soon as the credentials are printed. The web host inside the server registers its
// own SIGTERM/SIGINT handlers that only stop the host (and cancel the signal's default action), so without these the
// process would keep waiting.
// A shell starts background jobs (`emulator &` in a script) with SIGINT and SIGQUIT ignored, and .NET then leaves them
// ignored: the registrations below never see them. Give such a signal its default action back, so that it at least
// ends the process (exit code 128 + signal) instead of being ignored.
foreach (var signal in new[] { 2 /* SIGINT */, 3 /* SIGQUIT */ })
    if (Native.IsIgnored(signal)) Native.RestoreDefault(signal);
var done = new TaskCompletionSource();
void Stop(PosixSignalContext ctx) { ctx.Cancel = true; done.TrySetResult(); }
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, Stop);
Console.CancelKeyPress += (_, ev) => { ev.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await using var server = await EmulatorServer.StartAsync(options);
if (latency is { } l) server.Faults.LatencyMs = l;
if (every is { } e) server.Faults.TooManyRequestsEveryN = e;
if (retryAfter is { } r) server.Faults.RetryAfterSeconds = r;

var seed = server.Seed;
var baseUri = server.BaseUri.ToString().TrimEnd('/');
if (json)
{
    var o = new JsonObject
    {
        ["baseUri"] = baseUri, ["orgId"] = seed.OrgId, ["publicKey"] = seed.PublicKey, ["privateKey"] = seed.PrivateKey,
        ["clientId"] = seed.ServiceAccountClientId, ["clientSecret"] = seed.ClientSecret,
    };
    Console.WriteLine(o.ToJsonString());
    Console.Out.Flush();
    Console.Error.WriteLine($"AtlasPS emulator listening on {baseUri}; projects: {string.Join(", ", seed.ProjectIds)}. Ctrl+C to stop.");
}
else
{
    Console.WriteLine($"AtlasPS emulator listening on {baseUri}");
    Console.WriteLine($"  Organization : {seed.OrgName} ({seed.OrgId})");
    Console.WriteLine($"  Projects     : {string.Join(", ", seed.ProjectIds)}");
    Console.WriteLine($"  API key      : public {seed.PublicKey}  private {seed.PrivateKey}  (ORG_OWNER, HTTP Digest)");
    Console.WriteLine($"  Service acct : client id {seed.ServiceAccountClientId}  secret {seed.ClientSecret}  (ORG_OWNER, POST {baseUri}/api/oauth/token)");
    Console.WriteLine("Ctrl+C to stop.");
}

await done.Task;
Console.Error.WriteLine("AtlasPS emulator stopped.");
return 0;

/// <summary>A bad command line: the message and the usage are printed, exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

internal static class Native
{
    [DllImport("libc", EntryPoint = "signal", SetLastError = true)]
    private static extern IntPtr Signal(int signum, IntPtr handler);

    /// <summary>Sets the signal's disposition back to SIG_DFL (0). Only for a signal that is ignored (.NET has no handler on it).</summary>
    public static void RestoreDefault(int signum) => Signal(signum, IntPtr.Zero);

    /// <summary>True when the process started with the signal ignored (Linux: SigIgn in /proc/self/status; elsewhere false).</summary>
    public static bool IsIgnored(int signum)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                    return (ulong.Parse(line.Substring(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << (signum - 1))) != 0;
        }
        catch (IOException) { }
        return false;
    }
}
