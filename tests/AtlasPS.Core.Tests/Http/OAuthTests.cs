using System.Text;
using AtlasPS.Emulator;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

public sealed class OAuthTests
{
    private const string ClientId = "mdb_sa_id_0123456789abcdef01234567";
    private const string Secret = "mdb_sa_sk_CANARYSECRET0123456789";

    /// <summary>A token endpoint + API: tokens are "tok-1", "tok-2"...; the API accepts only the newest, unrevoked one.</summary>
    private sealed class OAuthServer
    {
        public int Issued;
        public int TokenRequests;
        public int TooManyBurst;
        public int ExpiresIn = 3600;
        public string? RevokeForm;
        public string? RevokeAuth;
        public string? LastTokenForm;
        public string? LastTokenAuth;
        public string? LastTokenAccept;
        public bool InvalidateCurrent;
        public string Current => "tok-" + Issued;

        public async Task Handle(HttpContext ctx, SeenRequest req)
        {
            if (req.Path == "/api/oauth/token")
            {
                Interlocked.Increment(ref TokenRequests);
                LastTokenForm = req.Body; LastTokenAuth = req.Authorization; LastTokenAccept = req.Accept;
                if (TooManyBurst > 0) { TooManyBurst--; await TestServer.Status(ctx, 429, 0); return; }
                var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(ClientId + ":" + Secret));
                if (req.Authorization != expected)
                {
                    await TestServer.Json(ctx, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client credentials.\"}", "application/json");
                    return;
                }
                int n = Interlocked.Increment(ref Issued);
                InvalidateCurrent = false;
                await TestServer.Json(ctx, 200, $"{{\"access_token\":\"tok-{n}\",\"token_type\":\"Bearer\",\"expires_in\":{ExpiresIn}}}", "application/json");
                return;
            }
            if (req.Path == "/api/oauth/revoke")
            {
                RevokeForm = req.Body; RevokeAuth = req.Authorization;
                ctx.Response.StatusCode = 200;
                return;
            }
            if (req.Authorization != "Bearer " + Current || InvalidateCurrent) { await TestServer.Status(ctx, 401); return; }
            await TestServer.Ok(ctx);
        }
    }

    private static async Task<(TestServer, OAuthServer)> StartAsync()
    {
        var o = new OAuthServer();
        return (await TestServer.StartAsync(o.Handle), o);
    }

    private static ServiceAccountCredential Cred(string secret = Secret) => new ServiceAccountCredential(ClientId, Calls.Secure(secret));

    [Fact]
    public async Task The_token_is_fetched_once_and_reused_for_many_calls_even_concurrently()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        using var client = TestServer.Client(server, Cred());
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => client.GetOrgAsync())));
        for (int i = 0; i < 10; i++) await client.GetOrgAsync();
        Assert.Equal(1, o.TokenRequests);
        Assert.Equal(31, server.Count);
        Assert.Equal("grant_type=client_credentials", o.LastTokenForm);
        Assert.Equal("application/json", o.LastTokenAccept);
        Assert.Equal("POST", server.Requests[0].Method);
        Assert.StartsWith("application/x-www-form-urlencoded", server.Requests[0].ContentType);
    }

    [Fact]
    public async Task The_token_is_refreshed_shortly_before_it_expires_not_per_request()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        var clock = new ManualTimeProvider();
        using var client = TestServer.Client(server, Cred(), c => c.TimeProvider = clock);
        await client.GetOrgAsync();
        clock.Advance(TimeSpan.FromMinutes(50));
        await client.GetOrgAsync();
        Assert.Equal(1, o.TokenRequests);
        clock.Advance(TimeSpan.FromMinutes(5)); // 55 min: past 90% of the hour, before expiry
        await client.GetOrgAsync();
        await client.GetOrgAsync();
        Assert.Equal(2, o.TokenRequests);
        Assert.Equal(6, server.Count);
    }

    [Fact]
    public async Task A_401_with_a_cached_token_refreshes_once_and_retries()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        using var client = TestServer.Client(server, Cred());
        await client.GetOrgAsync();
        o.InvalidateCurrent = true; // e.g. revoked elsewhere
        await client.PostKeyAsync();
        Assert.Equal(2, o.TokenRequests);
        Assert.Equal(2, server.Requests.Count(r => r.Method == "POST" && r.Path.Contains("apiKeys")));
    }

    [Fact]
    public async Task A_401_that_persists_with_a_fresh_token_does_not_cost_a_token_per_call()
    {
        int tokens = 0;
        await using var server = await TestServer.StartAsync((ctx, req) => req.Path == "/api/oauth/token"
            ? TestServer.Json(ctx, 200, $"{{\"access_token\":\"t{Interlocked.Increment(ref tokens)}\",\"expires_in\":3600}}", "application/json")
            : TestServer.Status(ctx, 401));
        using var client = TestServer.Client(server, Cred());
        for (int i = 0; i < 5; i++)
            Assert.Equal(401, (await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync())).StatusCode);
        Assert.Equal(2, tokens); // the first token, and one replacement after the first 401
    }

    [Fact]
    public async Task The_token_is_revoked_when_the_client_is_disposed()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        var client = TestServer.Client(server, Cred());
        await client.GetOrgAsync();
        client.Dispose();
        Assert.Equal("token=tok-1&token_type_hint=access_token", o.RevokeForm);
        Assert.Equal(o.LastTokenAuth, o.RevokeAuth);
    }

    [Fact]
    public async Task Dispose_does_not_throw_when_the_server_is_gone()
    {
        var (server, o) = await StartAsync();
        var client = TestServer.Client(server, Cred());
        await client.GetOrgAsync();
        await server.DisposeAsync();
        client.Dispose();
        Assert.Null(o.RevokeForm);
    }

    [Fact]
    public async Task A_429_from_the_token_endpoint_is_retried()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        o.TooManyBurst = 2;
        using var client = TestServer.Client(server, Cred());
        await client.GetOrgAsync();
        Assert.Equal(3, o.TokenRequests);
        Assert.Equal(1, o.Issued);
    }

    [Fact]
    public async Task Refused_credentials_say_what_to_check()
    {
        var (server, o) = await StartAsync();
        await using var _ = server;
        using var client = TestServer.Client(server, Cred("mdb_sa_sk_WRONG"));
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(401, ex.StatusCode);
        Assert.Equal("invalid_client", ex.ErrorCode);
        Assert.Contains("client id", ex.Message);
        Assert.Contains("expired or was deleted", ex.Message);
        Assert.DoesNotContain("WRONG", ex.Message);
        Assert.Equal(1, o.TokenRequests); // a refusal is not retried
        Assert.Equal("AtlasAuthenticationFailed", AtlasErrorInfo.From(ex).ErrorId);
    }

    [Fact]
    public async Task Against_the_emulator_many_calls_use_one_token()
    {
        await using var emu = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var client = new AtlasClient(new AtlasClientOptions
        {
            BaseUri = emu.BaseUri,
            Credential = new ServiceAccountCredential(emu.Seed.ServiceAccountClientId, Calls.Secure(emu.Seed.ClientSecret)),
        });
        emu.Requests.Clear();
        for (int i = 0; i < 20; i++) await client.Organizations.GetAsync(emu.Seed.OrgId);
        Assert.Equal(1, client.Http.Chain.OAuth!.TokenRequests);
        Assert.Equal(1, emu.Requests.Count(e => e.Path.Contains("oauth/token")));
        Assert.Equal(20, emu.Requests.Count(e => e.Path.Contains("/orgs/")));
    }
}
