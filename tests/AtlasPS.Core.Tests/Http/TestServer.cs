using System.Collections.Concurrent;
using System.Net;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using AtlasPS.Core.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AtlasPS.Core.Tests.Http;

/// <summary>What the server saw of one request (raw request target as it came off the socket).</summary>
public sealed record SeenRequest(string Method, string RawTarget, string Path, string? Authorization, string Body, string? UserAgent, string? ContentType, string? Accept);

/// <summary>
/// A small scriptable Kestrel server on 127.0.0.1 (real sockets) for HTTP pipeline tests: it records every request and
/// hands it to a script that can answer anything, issue digest challenges, or drop the connection.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<SeenRequest> seen = new();
    private Func<HttpContext, SeenRequest, Task> script;

    private TestServer(WebApplication app, Func<HttpContext, SeenRequest, Task> script) { this.app = app; this.script = script; }

    public Uri BaseUri { get; private set; } = null!;
    public IReadOnlyList<SeenRequest> Requests => seen.ToArray();
    public int Count => seen.Count;
    public void Clear() { while (seen.TryDequeue(out _)) { } }
    public Func<HttpContext, SeenRequest, Task> Script { get => script; set => script = value; }

    public static async Task<TestServer> StartAsync(Func<HttpContext, SeenRequest, Task> script)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => { k.AddServerHeader = false; k.Listen(IPAddress.Loopback, 0); });
        var app = builder.Build();
        var server = new TestServer(app, script);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        string body;
        using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        var raw = ctx.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var req = new SeenRequest(ctx.Request.Method, raw, ctx.Request.Path.Value ?? "", ctx.Request.Headers.Authorization.FirstOrDefault(),
            body, ctx.Request.Headers.UserAgent.FirstOrDefault(), ctx.Request.ContentType, ctx.Request.Headers.Accept.FirstOrDefault());
        seen.Enqueue(req);
        await script(ctx, req);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    // ---- script helpers

    public static Task Json(HttpContext ctx, int status, string json, string contentType = "application/vnd.atlas.2023-01-01+json")
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = contentType;
        return ctx.Response.WriteAsync(json);
    }

    public static Task Status(HttpContext ctx, int status, int? retryAfterSeconds = null)
    {
        ctx.Response.StatusCode = status;
        if (retryAfterSeconds.HasValue) ctx.Response.Headers.RetryAfter = retryAfterSeconds.Value.ToString();
        if (status >= 400)
        {
            ctx.Response.ContentType = "application/json";
            return ctx.Response.WriteAsync($"{{\"error\":{status},\"errorCode\":\"SCRIPTED_{status}\",\"detail\":\"scripted\"}}");
        }
        return Task.CompletedTask;
    }

    /// <summary>Drops the connection after the request (and its body) was read: the client gets no answer.</summary>
    public static Task Drop(HttpContext ctx) { ctx.Abort(); return Task.CompletedTask; }

    public static Task Ok(HttpContext ctx) => ctx.Request.Method == "DELETE" ? Status(ctx, 204) : Json(ctx, 200, "{}");

    public static AtlasClient Client(TestServer server, AtlasCredential? credential = null, Action<AtlasClientOptions>? configure = null)
    {
        var o = new AtlasClientOptions
        {
            BaseUri = server.BaseUri,
            Credential = credential,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RequestTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(o);
        return new AtlasClient(o);
    }
}

/// <summary>Test data and shortcuts for sending one operation through the real pipeline.</summary>
internal static class Calls
{
    public const string Org = "5f1b2c3d4e5f6a7b8c9d0e1f";
    public const string Key = "6a7b8c9d0e1f5f1b2c3d4e5f";

    public static Task GetOrgAsync(this AtlasClient c, CancellationToken ct = default) =>
        c.Http.Api.GetOrg(Org, ct);

    public static Task DeleteKeyAsync(this AtlasClient c, CancellationToken ct = default) =>
        c.Http.Api.DeleteOrgApiKey(Org, Key, ct);

    public static Task PostKeyAsync(this AtlasClient c, CancellationToken ct = default) =>
        c.Http.Api.CreateOrgApiKey(Org, new Core.Wire.CreateAtlasOrganizationApiKey { Desc = "k", Roles = new List<string> { "ORG_MEMBER" } }, ct);

    public static Task PatchKeyAsync(this AtlasClient c, CancellationToken ct = default) =>
        c.Http.Api.UpdateOrgApiKey(Org, Key, new Core.Wire.UpdateAtlasOrganizationApiKey { Desc = "k2" }, ct);

    public static Task SendAsync(this AtlasClient c, string method, CancellationToken ct = default) => method switch
    {
        "GET" => c.GetOrgAsync(ct),
        "DELETE" => c.DeleteKeyAsync(ct),
        "POST" => c.PostKeyAsync(ct),
        "PATCH" => c.PatchKeyAsync(ct),
        _ => throw new ArgumentException(method),
    };

    public static SecureString Secure(string s) => SecretText.FromString(s);
}

/// <summary>
/// Server side of HTTP Digest (RFC 7616, qop=auth), written independently of the client: issues challenges, checks
/// responses, nc monotonicity per nonce, uri == raw request target; can expire nonces (stale=true) or refuse reuse.
/// </summary>
public sealed class DigestGate
{
    private readonly string user, password;
    private readonly ConcurrentDictionary<string, NonceState> nonces = new();
    private int challenges;

    public DigestGate(string user, string password, string algorithm = "MD5") { this.user = user; this.password = password; Algorithm = algorithm; }

    public string Realm { get; } = "MMS Public API";
    public string Algorithm { get; }
    public string Opaque { get; } = "opaque-" + Guid.NewGuid().ToString("N");
    /// <summary>Each nonce accepts only its first use (nc=1): reuse is refused with a fresh challenge (not stale).</summary>
    public bool RefuseReuse { get; set; }
    /// <summary>A nonce becomes stale after this many successful uses (0 = never).</summary>
    public int StaleAfterUses { get; set; }
    public int Challenges => challenges;
    public int Accepted;
    public ConcurrentBag<string> NcSeen { get; } = new();
    public ConcurrentBag<string> Problems { get; } = new();

    private sealed class NonceState { public int Uses; public int LastNc; }

    /// <summary>True when the request is authorized; otherwise it has written a 401 challenge.</summary>
    public async Task<bool> CheckAsync(HttpContext ctx, SeenRequest req)
    {
        var auth = req.Authorization;
        if (auth == null || !auth.StartsWith("Digest ", StringComparison.Ordinal)) { await ChallengeAsync(ctx, false); return false; }
        var p = DigestChallenge.ParseParameters(auth.Substring(7));
        string Get(string k) => p.TryGetValue(k, out var v) && v != null ? v : "";
        var nonce = Get("nonce");
        if (!nonces.TryGetValue(nonce, out var st)) { Problems.Add("unknown nonce"); await ChallengeAsync(ctx, false); return false; }
        if (Get("uri") != req.RawTarget) Problems.Add("uri " + Get("uri") + " != " + req.RawTarget);
        if (Get("opaque") != Opaque) Problems.Add("opaque not echoed");
        if (Get("username") != user) Problems.Add("username");
        var ncText = Get("nc");
        if (ncText.Length != 8) Problems.Add("nc not 8 hex digits: " + ncText);
        int nc = Convert.ToInt32(ncText, 16);
        NcSeen.Add(ncText);
        string H(string s) => Convert.ToHexStringLower(Algorithm.StartsWith("SHA-256") ? SHA256.HashData(Encoding.UTF8.GetBytes(s)) : MD5.HashData(Encoding.UTF8.GetBytes(s)));
        var ha1 = H($"{user}:{Realm}:{password}");
        var expected = H($"{ha1}:{nonce}:{ncText}:{Get("cnonce")}:{Get("qop")}:{H(req.Method + ":" + Get("uri"))}");
        if (expected != Get("response")) { Problems.Add("bad response"); await ChallengeAsync(ctx, false); return false; }
        lock (st)
        {
            if (nc <= st.LastNc) { Problems.Add("nc replay " + ncText); }
            else st.LastNc = nc;
        }
        if (RefuseReuse && nc > 1) { await ChallengeAsync(ctx, false); return false; }
        int uses = Interlocked.Increment(ref st.Uses);
        if (StaleAfterUses > 0 && uses > StaleAfterUses) { await ChallengeAsync(ctx, true); return false; }
        Interlocked.Increment(ref Accepted);
        return true;
    }

    private Task ChallengeAsync(HttpContext ctx, bool stale)
    {
        Interlocked.Increment(ref challenges);
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        nonces[nonce] = new NonceState();
        ctx.Response.StatusCode = 401;
        ctx.Response.Headers.WWWAuthenticate =
            $"Digest realm=\"{Realm}\", domain=\"\", nonce=\"{nonce}\", algorithm={Algorithm}, qop=\"auth\", opaque=\"{Opaque}\"{(stale ? ", stale=true" : ", stale=false")}";
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync("{\"error\":401,\"errorCode\":\"UNAUTHORIZED\",\"detail\":\"You are not authorized for this resource.\"}");
    }
}

/// <summary>A clock the tests move by hand (Microsoft.Extensions.Time.Testing is not used).</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly object gate = new();
    public override DateTimeOffset GetUtcNow() { lock (gate) return now; }
    public void Advance(TimeSpan by) { lock (gate) now += by; }
}
