using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

internal static class Media
{
    public const string V2023 = "application/vnd.atlas.2023-01-01+json";
    public const string V2024 = "application/vnd.atlas.2024-08-05+json";
}

/// <summary>One emulator per test class.</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync(new EmulatorOptions());

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>A response read fully: status, headers, body text and parsed JSON (if any).</summary>
internal sealed record Reply(HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public int Code => (int)Status;
    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("null body");
    public string? Header(string name) => Headers.TryGetValues(name, out var v) ? string.Join(",", v) : null;
    public override string ToString() => $"{Code} {Body}";
}

/// <summary>
/// Minimal HTTP Digest client computing the Authorization header by hand, so tests control nonce reuse, nc and replay.
/// It keeps the last nonce and spends one nc per request, answering a 401 challenge once per call.
/// </summary>
internal sealed class DigestClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string _user;
    private readonly string _pass;
    public string? Nonce { get; set; }
    public int Nc { get; set; }
    public int Challenges { get; private set; }
    public string? LastChallenge { get; private set; }

    public DigestClient(Uri baseUri, string user, string pass, TimeSpan? timeout = null)
    {
        _base = baseUri;
        _user = user;
        _pass = pass;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
    }

    public static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    public string Authorization(string method, string uri, string nonce, int nc, string? password = null)
    {
        var ncs = nc.ToString("x8");
        const string cnonce = "0a4f113b";
        var ha1 = Md5($"{_user}:MMS Public API:{password ?? _pass}");
        var ha2 = Md5($"{method}:{uri}");
        var resp = Md5($"{ha1}:{nonce}:{ncs}:{cnonce}:auth:{ha2}");
        return $"Digest username=\"{_user}\", realm=\"MMS Public API\", nonce=\"{nonce}\", uri=\"{uri}\", algorithm=MD5, qop=auth, nc={ncs}, cnonce=\"{cnonce}\", response=\"{resp}\"";
    }

    public Task<Reply> Get(string path, string accept = Media.V2023) => Send(HttpMethod.Get, path, accept);

    public Task<Reply> Delete(string path, string accept = Media.V2023) => Send(HttpMethod.Delete, path, accept);

    public Task<Reply> Post(string path, object body, string accept = Media.V2023) => Send(HttpMethod.Post, path, accept, JsonText(body), accept);

    public Task<Reply> Patch(string path, object body, string accept = Media.V2023) => Send(HttpMethod.Patch, path, accept, JsonText(body), accept);

    private static string JsonText(object body) => body as string ?? System.Text.Json.JsonSerializer.Serialize(body);

    /// <summary>Sends with the current nonce (if any) and answers one challenge.</summary>
    public async Task<Reply> Send(HttpMethod method, string path, string accept, string? body = null, string? contentType = null)
    {
        var r = await SendOnce(method, path, accept, body, contentType);
        if (r.Code == 401 && r.Header("WWW-Authenticate") is { } h && h.StartsWith("Digest", StringComparison.Ordinal))
        {
            Challenges++;
            LastChallenge = h;
            Nonce = System.Text.RegularExpressions.Regex.Match(h, "nonce=\"([^\"]+)\"").Groups[1].Value;
            Nc = 0;
            r = await SendOnce(method, path, accept, body, contentType);
        }
        return r;
    }

    /// <summary>One request, no retry; uses Nonce/Nc if a nonce is known.</summary>
    public async Task<Reply> SendOnce(HttpMethod method, string path, string accept, string? body = null, string? contentType = null, string? authorization = null)
    {
        using var req = new HttpRequestMessage(method, new Uri(_base, path));
        req.Headers.TryAddWithoutValidation("Accept", accept);
        if (authorization is not null) req.Headers.TryAddWithoutValidation("Authorization", authorization);
        else if (Nonce is not null) req.Headers.TryAddWithoutValidation("Authorization", Authorization(method.Method, req.RequestUri!.PathAndQuery, Nonce, ++Nc));
        if (body is not null)
        {
            req.Content = new StringContent(body, Encoding.UTF8);
            req.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? accept);
        }
        using var resp = await _http.SendAsync(req);
        return new Reply(resp.StatusCode, resp.Headers, resp.Content.Headers.ContentType?.MediaType, await resp.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>Service-account client: token endpoint + bearer calls.</summary>
internal sealed class BearerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _base;
    public string? Token { get; set; }

    public BearerClient(Uri baseUri)
    {
        _base = baseUri;
        _http = new HttpClient();
    }

    public async Task<Reply> RequestToken(string clientId, string secret)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, "/api/oauth/token"));
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        req.Headers.Accept.ParseAdd("application/json");
        req.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        using var resp = await _http.SendAsync(req);
        var reply = new Reply(resp.StatusCode, resp.Headers, resp.Content.Headers.ContentType?.MediaType, await resp.Content.ReadAsStringAsync());
        if (reply.Code == 200) Token = reply.Json["access_token"]!.GetValue<string>();
        return reply;
    }

    public async Task<Reply> Revoke(string clientId, string secret, string token)
    {
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, "/api/oauth/revoke"));
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{secret}")));
        req.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token, ["token_type_hint"] = "access_token" });
        using var resp = await _http.SendAsync(req);
        return new Reply(resp.StatusCode, resp.Headers, resp.Content.Headers.ContentType?.MediaType, await resp.Content.ReadAsStringAsync());
    }

    public async Task<Reply> Get(string path, string accept = Media.V2024)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(_base, path));
        req.Headers.TryAddWithoutValidation("Accept", accept);
        if (Token is not null) req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var resp = await _http.SendAsync(req);
        return new Reply(resp.StatusCode, resp.Headers, resp.Content.Headers.ContentType?.MediaType, await resp.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();
}

internal static class Assertions
{
    /// <summary>Asserts the Atlas error shape and returns the body.</summary>
    public static JsonObject AtlasError(Reply r, int status, string errorCode)
    {
        Assert.True(r.Code == status, $"expected {status} {errorCode}, got {r}");
        Assert.Equal("application/json", r.ContentType);
        var o = r.Json.AsObject();
        Assert.Equal(status, o["error"]!.GetValue<int>());
        Assert.Equal(errorCode, o["errorCode"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(o["detail"]?.GetValue<string>()));
        Assert.NotNull(o["reason"]);
        Assert.IsType<JsonArray>(o["parameters"]);
        return o;
    }

    public static void Status(Reply r, int status) => Assert.True(r.Code == status, $"expected {status}, got {r}");
}
