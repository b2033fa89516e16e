using Microsoft.Extensions.Time.Testing;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorOAuthTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorOAuthTests(EmulatorFixture f) => _s = f.Server;

    private string SaList => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}/serviceAccounts";

    [Fact]
    public async Task Client_credentials_yield_a_bearer_token_that_authorizes_calls()
    {
        using var c = new BearerClient(_s.BaseUri);
        var t = await c.RequestToken(_s.Seed.ServiceAccountClientId, _s.Seed.ClientSecret);
        Assertions.Status(t, 200);
        Assert.Equal("Bearer", t.Json["token_type"]!.GetValue<string>());
        Assert.Equal(3600, t.Json["expires_in"]!.GetValue<int>());
        Assertions.Status(await c.Get(SaList), 200);
        c.Token = "not-a-token";
        Assertions.AtlasError(await c.Get(SaList), 401, "INVALID_ACCESS_TOKEN");
    }

    [Fact]
    public async Task Wrong_secret_is_invalid_client()
    {
        using var c = new BearerClient(_s.BaseUri);
        var t = await c.RequestToken(_s.Seed.ServiceAccountClientId, "mdb_sa_sk_wrong");
        Assert.Equal(401, t.Code);
        Assert.Equal("invalid_client", t.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tokens_expire()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { TokenLifetime = TimeSpan.FromSeconds(3), ProjectCount = 0, TimeProvider = clock });
        using var c = new BearerClient(s.BaseUri);
        Assertions.Status(await c.RequestToken(s.Seed.ServiceAccountClientId, s.Seed.ClientSecret), 200);
        Assertions.Status(await c.Get($"/api/atlas/v2/orgs/{s.Seed.OrgId}/serviceAccounts"), 200);
        clock.Advance(TimeSpan.FromSeconds(3.5));
        var r = await c.Get($"/api/atlas/v2/orgs/{s.Seed.OrgId}/serviceAccounts");
        Assertions.AtlasError(r, 401, "INVALID_ACCESS_TOKEN");
        Assert.Contains("expired", r.Json["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revoked_tokens_are_refused()
    {
        using var c = new BearerClient(_s.BaseUri);
        Assertions.Status(await c.RequestToken(_s.Seed.ServiceAccountClientId, _s.Seed.ClientSecret), 200);
        Assertions.Status(await c.Get(SaList), 200);
        Assertions.Status(await c.Revoke(_s.Seed.ServiceAccountClientId, _s.Seed.ClientSecret, c.Token!), 200);
        Assertions.AtlasError(await c.Get(SaList), 401, "INVALID_ACCESS_TOKEN");
    }

    [Fact]
    public async Task Token_endpoint_is_rate_limited_with_retry_after()
    {
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { TokenRequestsPerMinute = 3, ProjectCount = 0 });
        using var c = new BearerClient(s.BaseUri);
        for (var i = 0; i < 3; i++) Assertions.Status(await c.RequestToken(s.Seed.ServiceAccountClientId, s.Seed.ClientSecret), 200);
        var r = await c.RequestToken(s.Seed.ServiceAccountClientId, s.Seed.ClientSecret);
        Assert.Equal(429, r.Code);
        Assert.True(int.Parse(r.Header("Retry-After")!) is > 0 and <= 60);
    }

    [Fact]
    public async Task Deleted_secret_cannot_get_a_token()
    {
        var (clientId, secret) = _s.State.CreateServiceAccount("deleted-secret", new[] { "ORG_MEMBER" });
        var secretId = _s.State.GetServiceAccount(clientId)!.Secrets.Single().Id;
        using var owner = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        Assertions.Status(await owner.Delete($"/api/atlas/v2/orgs/{_s.Seed.OrgId}/serviceAccounts/{clientId}/secrets/{secretId}", Media.V2024), 204);
        using var c = new BearerClient(_s.BaseUri);
        var t = await c.RequestToken(clientId, secret);
        Assert.Equal(401, t.Code);
        Assert.Equal("invalid_client", t.Json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Expired_secret_cannot_get_a_token()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 0, TimeProvider = clock });
        var (clientId, _) = s.State.CreateServiceAccount("expiring", new[] { "ORG_MEMBER" });
        var (_, shortSecret) = s.State.AddServiceAccountSecret(clientId, TimeSpan.FromSeconds(3));
        using var c = new BearerClient(s.BaseUri);
        Assertions.Status(await c.RequestToken(clientId, shortSecret), 200);
        // The secret's expiry was stamped on the real clock: move the emulator's clock past it.
        clock.SetUtcNow(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(3.5));
        Assert.Equal(401, (await c.RequestToken(clientId, shortSecret)).Code);
    }

    [Fact]
    public async Task Deleted_service_account_token_stops_working()
    {
        var (clientId, secret) = _s.State.CreateServiceAccount("to-delete", new[] { "ORG_OWNER" });
        using var c = new BearerClient(_s.BaseUri);
        Assertions.Status(await c.RequestToken(clientId, secret), 200);
        using var owner = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        Assertions.Status(await owner.Delete($"/api/atlas/v2/orgs/{_s.Seed.OrgId}/serviceAccounts/{clientId}", Media.V2024), 204);
        Assert.Equal(401, (await c.Get(SaList)).Code);
        Assert.Equal(401, (await c.RequestToken(clientId, secret)).Code);
    }
}
