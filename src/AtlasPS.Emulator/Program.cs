using System.Globalization;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;

var options = new EmulatorOptions { Port = 8080 };
var json = false;
int? latency = null, every = null, retryAfter = null;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port": options.Port = NextInt(); break;
        case "--latency-ms": latency = NextInt(); break;
        case "--429-every": every = NextInt(); break;
        case "--retry-after": retryAfter = NextInt(); break;
        case "--projects": options.ProjectCount = NextInt(); break;
        case "--private-key": options.SeedPrivateKey = Next(); break;
        case "--public-key": options.SeedPublicKey = Next(); break;
        case "--client-secret": options.SeedClientSecret = Next(); break;
        case "--json": json = true; break;
        case "-h" or "--help":
            Console.WriteLine("AtlasPS.Emulator [--port N (default 8080, 0 = any)] [--latency-ms N] [--429-every N] [--retry-after S] [--projects N] [--public-key K] [--private-key K] [--client-secret S] [--json]");
            return 0;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]} (try --help)");
            return 2;
    }
}

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

var done = new TaskCompletionSource();
Console.CancelKeyPress += (_, ev) => { ev.Cancel = true; done.TrySetResult(); };
AppDomain.CurrentDomain.ProcessExit += (_, _) => done.TrySetResult();
await done.Task;
return 0;
