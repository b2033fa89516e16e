using System.Text;
using AtlasPS.Core.Http;
using AtlasPS.Emulator;
using Xunit;
using Xunit.Abstractions;

namespace AtlasPS.Core.Tests.Http;

public sealed class DigestAuthTests
{
    private const string Public = "abcdefgh";
    private const string Private = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private readonly ITestOutputHelper output;
    public DigestAuthTests(ITestOutputHelper output) { this.output = output; }

    private static ApiKeyCredential Cred(string priv = Private) => new ApiKeyCredential(Public, Calls.Secure(priv));

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Rfc7616_section_3_9_1_vectors(string algorithm, string expected)
    {
        var password = Encoding.UTF8.GetBytes("Circle of Life");
        var response = DigestAuthHandler.ComputeResponse(algorithm, "Mufasa", password, "http-auth@example.org", "GET", "/dir/index.html",
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", "auth");
        Assert.Equal(expected, response);
    }

    [Fact]
    public void Challenge_parsing_prefers_sha256_and_reads_quoted_values()
    {
        var values = new[]
        {
            new System.Net.Http.Headers.AuthenticationHeaderValue("Digest", "realm=\"r\", nonce=\"n1\", algorithm=MD5, qop=\"auth,auth-int\", opaque=\"o, p\""),
            new System.Net.Http.Headers.AuthenticationHeaderValue("Digest", "realm=\"r\", nonce=\"n2\", algorithm=SHA-256, qop=\"auth\", stale=TRUE"),
        };
        var c = DigestChallenge.Select(values)!;
        Assert.Equal("SHA-256", c.Algorithm);
        Assert.Equal("n2", c.Nonce);
        Assert.True(c.Stale);
        var md5 = DigestChallenge.Parse("realm=\"r\", nonce=\"n1\", qop=\"auth,auth-int\", opaque=\"o, p\"")!;
        Assert.Equal("MD5", md5.Algorithm);
        Assert.Equal("o, p", md5.Opaque);
        Assert.Equal("auth", md5.Qop);
        Assert.Equal("00000001", DigestAuthHandler.FormatNc(md5.NextNonceCount()));
        Assert.Equal("00000002", DigestAuthHandler.FormatNc(md5.NextNonceCount()));
    }

    private static async Task<(TestServer, DigestGate)> StartAsync(string algorithm = "MD5")
    {
        var gate = new DigestGate(Public, Private, algorithm);
        var server = await TestServer.StartAsync(async (ctx, req) => { if (await gate.CheckAsync(ctx, req)) await TestServer.Ok(ctx); });
        return (server, gate);
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("SHA-256")]
    public async Task Hundred_sequential_gets_cost_at_most_102_requests_and_reuse_the_nonce_with_increasing_nc(string algorithm)
    {
        var (server, gate) = await StartAsync(algorithm);
        await using var _ = server;
        using var client = TestServer.Client(server, Cred());
        for (int i = 0; i < 100; i++) await client.GetOrgAsync();
        output.WriteLine($"{algorithm}: 100 GETs -> {server.Count} requests, {gate.Challenges} challenge(s)");
        Assert.True(server.Count <= 102, $"100 GETs cost {server.Count} requests");
        Assert.Equal(100, gate.Accepted);
        Assert.Empty(gate.Problems);
        var ncs = server.Requests.Where(r => r.Authorization != null).Select(r => DigestChallenge.ParseParameters(r.Authorization!.Substring(7))["nc"]).ToList();
        Assert.Equal(Enumerable.Range(1, 100).Select(i => i.ToString("x8")), ncs);
    }

    [Fact]
    public async Task Hundred_gets_against_the_emulator_cost_at_most_102_requests()
    {
        await using var emu = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = new AtlasClient(new AtlasClientOptions
        {
            BaseUri = emu.BaseUri,
            Credential = new ApiKeyCredential(emu.Seed.PublicKey, Calls.Secure(emu.Seed.PrivateKey)),
        });
        emu.Requests.Clear();
        for (int i = 0; i < 100; i++) await client.Organizations.GetAsync(emu.Seed.OrgId);
        output.WriteLine($"emulator: 100 GETs -> {emu.Requests.Count()} requests");
        Assert.True(emu.Requests.Count() <= 102, $"100 GETs cost {emu.Requests.Count()} requests");
    }

    [Fact]
    public async Task Stale_nonce_costs_one_extra_request_then_succeeds()
    {
        var (server, gate) = await StartAsync();
        await using var _ = server;
        gate.StaleAfterUses = 3;
        using var client = TestServer.Client(server, Cred());
        for (int i = 0; i < 3; i++) await client.GetOrgAsync();
        Assert.Equal(4, server.Count); // challenge + 3
        await client.GetOrgAsync(); // reused nonce is stale: 401 stale=true, then the new nonce
        Assert.Equal(6, server.Count);
        Assert.Equal(4, gate.Accepted);
        Assert.True(client.Http.Chain.Digest!.PreemptiveReuseEnabled);
        Assert.Empty(gate.Problems);
    }

    [Fact]
    public async Task Server_refusing_reuse_makes_the_client_stop_reusing()
    {
        var (server, gate) = await StartAsync();
        await using var _ = server;
        gate.RefuseReuse = true;
        using var client = TestServer.Client(server, Cred());
        for (int i = 0; i < 10; i++) await client.GetOrgAsync();
        Assert.Equal(10, gate.Accepted);
        Assert.False(client.Http.Chain.Digest!.PreemptiveReuseEnabled);
        // Call 1: challenge + answer. Calls 2-4: refused reuse + answer with the new nonce (3rd refusal turns reuse off).
        // Calls 5-10: challenge + answer. Every call costs 2 requests; none is wasted on a nonce that will be refused.
        Assert.Equal(20, server.Count);
        server.Clear();
        await client.GetOrgAsync();
        Assert.Equal(2, server.Count);
        Assert.Null(server.Requests[0].Authorization);
    }

    [Fact]
    public async Task Concurrent_requests_use_distinct_nonce_counts_and_all_succeed()
    {
        var (server, gate) = await StartAsync();
        await using var _ = server;
        using var client = TestServer.Client(server, Cred());
        await client.GetOrgAsync();
        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => client.GetOrgAsync())));
        Assert.Equal(51, gate.Accepted);
        var ncs = gate.NcSeen.ToList();
        Assert.Equal(ncs.Count, ncs.Distinct().Count());
        Assert.Equal(52, server.Count);
    }

    [Fact]
    public async Task A_post_body_is_sent_again_after_the_challenge()
    {
        var (server, gate) = await StartAsync();
        await using var _ = server;
        using var client = TestServer.Client(server, Cred());
        await client.PostKeyAsync();
        Assert.Equal(2, server.Count);
        Assert.All(server.Requests, r => Assert.Contains("\"desc\":\"k\"", r.Body));
        Assert.Equal(1, gate.Accepted);
    }

    [Fact]
    public async Task Wrong_private_key_gives_a_401_AtlasApiException_without_looping()
    {
        var (server, _) = await StartAsync();
        await using var s = server;
        using var client = TestServer.Client(server, Cred("wrong-key"));
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal(2, server.Count);
    }
}
