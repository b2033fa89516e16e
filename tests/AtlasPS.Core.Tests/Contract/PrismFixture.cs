using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Contract;

[CollectionDefinition(Name)]
public sealed class PrismCollection : ICollectionFixture<PrismFixture>
{
    public const string Name = "Prism contract";
}

/// <summary>
/// One Prism mock per test run (collection fixture), plus, on first use, the emulator with `prism proxy --errors`
/// in front of it. Prism is installed on demand; with no node/npm the fixture fails with a message that says so.
/// </summary>
public sealed class PrismFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim proxyGate = new(1, 1);
    private EmulatorBehindPrism? proxied;

    public PrismProcess Mock { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // No spec: nothing to serve. Each test then calls AtlasSpec.Require() and is skipped (or fails when required).
        if (AtlasSpec.Find() is null) return;
        // Install synchronously (a lock file guards concurrent test processes); then start the mock.
        await Task.Run(PrismTool.EnsureInstalled).ConfigureAwait(false);
        Mock = await PrismTool.StartMockAsync().ConfigureAwait(false);
    }

    /// <summary>The in-process emulator and a Prism proxy (--errors) in front of it; started once, on first use.</summary>
    public async Task<EmulatorBehindPrism> EmulatorBehindPrismAsync()
    {
        await proxyGate.WaitAsync().ConfigureAwait(false);
        try
        {
            return proxied ??= await EmulatorBehindPrism.StartAsync().ConfigureAwait(false);
        }
        finally { proxyGate.Release(); }
    }

    public async Task DisposeAsync()
    {
        if (proxied != null) await proxied.DisposeAsync().ConfigureAwait(false);
        if (Mock != null) await Mock.DisposeAsync().ConfigureAwait(false);
    }
}

public sealed class EmulatorBehindPrism : IAsyncDisposable
{
    private EmulatorBehindPrism(EmulatorServer emulator, PrismProcess proxy, string token)
    {
        Emulator = emulator; Proxy = proxy; Token = token;
    }

    public EmulatorServer Emulator { get; }
    public PrismProcess Proxy { get; }
    /// <summary>OAuth access token of the seeded ORG_OWNER service account (fetched from the emulator directly).</summary>
    public string Token { get; }

    internal static async Task<EmulatorBehindPrism> StartAsync()
    {
        // The spec's org-name pattern allows no spaces; the emulator's default name ("Emulated Organization") has one.
        var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { OrgName = "Emulated-Organization" }).ConfigureAwait(false);
        try
        {
            var token = await FetchTokenAsync(emulator).ConfigureAwait(false);
            var proxy = await PrismTool.StartProxyAsync(emulator.BaseUri).ConfigureAwait(false);
            return new EmulatorBehindPrism(emulator, proxy, token);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// POST /api/oauth/token (client credentials, Basic auth) straight to the emulator: the token endpoint is not a
    /// path of the spec, so Prism would refuse it.
    /// </summary>
    private static async Task<string> FetchTokenAsync(EmulatorServer emulator)
    {
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(emulator.BaseUri, "/api/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new[] { new KeyValuePair<string, string>("grant_type", "client_credentials") }),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(emulator.Seed.ServiceAccountClientId + ":" + emulator.Seed.ClientSecret)));
        req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var r = await http.SendAsync(req).ConfigureAwait(false);
        var text = await r.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!r.IsSuccessStatusCode) throw new InvalidOperationException("The emulator refused the token request: " + (int)r.StatusCode);
        using var doc = System.Text.Json.JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A real AtlasClient (bearer mode) whose base URI is the Prism proxy; traffic is recorded.</summary>
    public AtlasClient CreateClient(RecordingHandler recorder) => Contract.Clients.Bearer(Proxy.BaseUri, Token, recorder);

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync().ConfigureAwait(false);
        await Emulator.DisposeAsync().ConfigureAwait(false);
    }
}

internal static class Clients
{
    public static SecureString Secure(string s)
    {
        var ss = new SecureString();
        foreach (var c in s) ss.AppendChar(c);
        ss.MakeReadOnly();
        return ss;
    }

    public static AtlasClient Bearer(Uri baseUri, string token, RecordingHandler recorder) =>
        new(new AtlasClientOptions
        {
            BaseUri = baseUri,
            Credential = new AccessTokenCredential(Secure(token)),
            InnerHandler = recorder,
            MaxRetryAttempts = 0,
            RequestTimeout = TimeSpan.FromSeconds(30),
        });
}

/// <summary>One exchange as it crossed the socket.</summary>
public sealed record Exchange(string Method, string PathAndQuery, int Status, string? ContentType, string? Violations, string Body)
{
    /// <summary>Prism's own answers are application/problem+json with a stoplight.io/prism/errors type.</summary>
    public bool FromPrism => Body.Contains("stoplight.io/prism/errors", StringComparison.Ordinal);

    /// <summary>The sl-violations entries whose location starts with the given part ("request" or "response").</summary>
    public IReadOnlyList<string> ViolationsAt(string part)
    {
        if (Violations is null) return Array.Empty<string>();
        using var doc = System.Text.Json.JsonDocument.Parse(Violations);
        return doc.RootElement.EnumerateArray()
            .Where(v => v.TryGetProperty("location", out var l) && l.ValueKind == System.Text.Json.JsonValueKind.Array && l.GetArrayLength() > 0 && l[0].GetString() == part)
            .Select(v => v.GetRawText()).ToList();
    }
    public override string ToString() =>
        $"{Method} {PathAndQuery} -> {Status}" + (Violations is null ? "" : " sl-violations: " + Violations) +
        (Status >= 300 || FromPrism ? " body: " + (Body.Length > 1500 ? Body[..1500] + "..." : Body) : "");
}

/// <summary>
/// The transport under the client's handler chain: a real socket handler that records every exchange (request line,
/// status, Prism's sl-violations header and the body of error answers). It observes; it never answers.
/// </summary>
public sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<Exchange> exchanges = new();

    public RecordingHandler() : base(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { }

    public IReadOnlyList<Exchange> Exchanges { get { lock (exchanges) return exchanges.ToList(); } }

    public void Clear() { lock (exchanges) exchanges.Clear(); }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        string? violations = response.Headers.TryGetValues("sl-violations", out var v) ? string.Join(" ", v) : null;
        lock (exchanges)
            exchanges.Add(new Exchange(request.Method.Method, request.RequestUri!.PathAndQuery, (int)response.StatusCode,
                response.Content.Headers.ContentType?.MediaType, violations, body));
        return response;
    }
}
