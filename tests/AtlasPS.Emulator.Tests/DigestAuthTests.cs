using Microsoft.Extensions.Time.Testing;
using System.Diagnostics;
using System.Net;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorDigestAuthTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorDigestAuthTests(EmulatorFixture f) => _s = f.Server;

    private DigestClient Owner() => new(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);

    [Fact]
    public async Task Unauthenticated_request_gets_digest_challenge_and_atlas_error()
    {
        using var c = Owner();
        var before = _s.Requests.Count(e => e.DigestChallenged);
        var r = await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023);
        Assertions.AtlasError(r, 401, "USER_UNAUTHORIZED");
        var h = r.Header("WWW-Authenticate")!;
        Assert.StartsWith("Digest ", h);
        Assert.Contains("realm=\"MMS Public API\"", h);
        Assert.Contains("qop=\"auth\"", h);
        Assert.Contains("algorithm=MD5", h);
        Assert.Contains("stale=false", h);
        Assert.Equal(before + 1, _s.Requests.Count(e => e.DigestChallenged));
    }

    [Fact]
    public async Task Valid_digest_is_accepted_and_one_nonce_serves_many_requests()
    {
        using var c = Owner();
        for (var i = 0; i < 5; i++) Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        Assert.Equal(1, c.Challenges);
        Assert.Equal(5, c.Nc);
    }

    [Fact]
    public async Task Wrong_private_key_is_refused()
    {
        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, Guid.NewGuid().ToString());
        var r = await c.Get("/api/atlas/v2/orgs");
        Assertions.AtlasError(r, 401, "USER_UNAUTHORIZED");
        Assert.Contains("stale=false", r.Header("WWW-Authenticate"));
    }

    [Fact]
    public async Task Unknown_public_key_is_refused()
    {
        using var c = new DigestClient(_s.BaseUri, "zzzzzzzz", _s.Seed.PrivateKey);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs"), 401, "USER_UNAUTHORIZED");
    }

    [Fact]
    public async Task Replayed_nonce_count_is_refused()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        const string uri = "/api/atlas/v2/orgs";
        var replay = c.Authorization("GET", uri, c.Nonce!, c.Nc);   // same nc as the request just made
        var r = await c.SendOnce(HttpMethod.Get, uri, Media.V2023, authorization: replay);
        Assertions.AtlasError(r, 401, "USER_UNAUTHORIZED");
        var fresh = c.Authorization("GET", uri, c.Nonce!, c.Nc + 1);
        Assertions.Status(await c.SendOnce(HttpMethod.Get, uri, Media.V2023, authorization: fresh), 200);
    }

    [Fact]
    public async Task Digest_uri_must_match_the_request_target()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        var forged = c.Authorization("GET", "/api/atlas/v2/groups", c.Nonce!, c.Nc + 1);
        Assertions.Status(await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023, authorization: forged), 401);
    }

    [Fact]
    public async Task Expired_nonce_is_refused_with_stale_true_then_client_recovers()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { NonceLifetime = TimeSpan.FromSeconds(3), ProjectCount = 0, TimeProvider = clock });
        using var c = new DigestClient(s.BaseUri, s.Seed.PublicKey, s.Seed.PrivateKey);
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        clock.Advance(TimeSpan.FromSeconds(3.5));
        var r = await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023);
        Assert.Equal(401, r.Code);
        Assert.Contains("stale=true", r.Header("WWW-Authenticate"));
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
    }

    [Fact]
    public async Task Dotnet_credential_cache_digest_client_works()
    {
        var cache = new CredentialCache { { _s.BaseUri, "Digest", new NetworkCredential(_s.Seed.PublicKey, _s.Seed.PrivateKey) } };
        using var http = new HttpClient(new SocketsHttpHandler { Credentials = cache, PreAuthenticate = true });
        using var req = new HttpRequestMessage(HttpMethod.Get, new Uri(_s.BaseUri, "/api/atlas/v2/orgs/" + _s.Seed.OrgId + "/apiKeys?itemsPerPage=5"));
        req.Headers.TryAddWithoutValidation("Accept", Media.V2023);
        using var resp = await http.SendAsync(req);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
    }

    private static async Task<(int Exit, string Out)> Curl(params string[] args)
    {
        var psi = new ProcessStartInfo("curl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, output);
    }

    [Fact]
    public async Task Real_curl_digest_gets_200_and_401_with_wrong_key()
    {
        var url = new Uri(_s.BaseUri, "/api/atlas/v2/orgs").ToString();
        var ok = await Curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", $"{_s.Seed.PublicKey}:{_s.Seed.PrivateKey}",
            "-H", "Accept: application/vnd.atlas.2023-01-01+json", url);
        Assert.Equal("200", ok.Out);
        var bad = await Curl("-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", $"{_s.Seed.PublicKey}:00000000-0000-0000-0000-000000000000",
            "-H", "Accept: application/vnd.atlas.2023-01-01+json", url);
        Assert.Equal("401", bad.Out);
    }
}
