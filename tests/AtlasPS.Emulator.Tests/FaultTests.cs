using System.Diagnostics;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorFaultTests : IAsyncLifetime
{
    private EmulatorServer _s = null!;

    public async Task InitializeAsync() => _s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 1 });

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private DigestClient Owner(TimeSpan? timeout = null) => new(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey, timeout);

    private string Org => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}";

    [Fact]
    public async Task Latency_is_added_to_every_request()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        _s.Faults.LatencyMs = 300;
        var sw = Stopwatch.StartNew();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        Assert.True(sw.ElapsedMilliseconds >= 290, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Every_nth_request_gets_429_with_or_without_retry_after()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);   // has a nonce now
        _s.Faults.TooManyRequestsEveryN = 3;
        _s.Faults.RetryAfterSeconds = 2;
        var codes = new List<Reply>();
        for (var i = 0; i < 6; i++) codes.Add(await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023));
        Assert.Equal(new[] { 200, 200, 429, 200, 200, 429 }, codes.Select(r => r.Code));
        Assertions.AtlasError(codes[2], 429, "RATE_LIMITED");
        Assert.Equal("2", codes[2].Header("Retry-After"));
        _s.Faults.RetryAfterSeconds = null;
        _s.Faults.TooManyRequestsEveryN = 1;
        var r = await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023);
        Assert.Equal(429, r.Code);
        Assert.Null(r.Header("Retry-After"));
    }

    [Fact]
    public async Task Bursts_of_429_and_503_are_consumed_then_service_resumes()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        _s.Faults.TooManyRequestsBurst = 2;
        _s.Faults.RetryAfterSeconds = 1;
        Assert.Equal(429, (await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023)).Code);
        Assert.Equal(429, (await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023)).Code);
        Assert.Equal(0, _s.Faults.TooManyRequestsBurst);
        Assertions.Status(await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023), 200);
        _s.Faults.ServiceUnavailableBurst = 1;
        _s.Faults.ServiceUnavailableRetryAfterSeconds = 5;
        var r = await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023);
        Assertions.AtlasError(r, 503, "SERVICE_UNAVAILABLE");
        Assert.Equal("5", r.Header("Retry-After"));
        Assertions.Status(await c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023), 200);
    }

    [Fact]
    public async Task Drop_before_handler_has_no_effect()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        var before = _s.State.ApiKeys.Count;
        _s.Faults.DropConnection("POST", $"/orgs/{_s.Seed.OrgId}/apiKeys", DropTiming.BeforeHandler);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Post(Org + "/apiKeys", new { desc = "lost", roles = new[] { "ORG_MEMBER" } }));
        Assert.Equal(before, _s.State.ApiKeys.Count);
        Assert.Contains(_s.Requests.Entries, e => e.Dropped && e.Method == "POST" && e.Status == 0);
        Assert.Equal(0, _s.Faults.PendingDrops);
        Assertions.Status(await c.Post(Org + "/apiKeys", new { desc = "retried", roles = new[] { "ORG_MEMBER" } }), 200);
        Assert.Equal(before + 1, _s.State.ApiKeys.Count);
    }

    [Fact]
    public async Task Drop_after_handler_keeps_the_effect_but_loses_the_answer()
    {
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        var before = _s.State.ApiKeys.Count;
        _s.Faults.DropConnection("POST", $"/api/atlas/v2/orgs/{_s.Seed.OrgId}/apiKeys", DropTiming.AfterHandler);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.Post(Org + "/apiKeys", new { desc = "answer lost", roles = new[] { "ORG_MEMBER" } }));
        Assert.Equal(before + 1, _s.State.ApiKeys.Count);
        Assert.Contains(_s.State.ApiKeys, k => k.Description == "answer lost");
    }

    [Fact]
    public async Task Slow_response_trips_client_timeouts()
    {
        using var c = Owner(TimeSpan.FromMilliseconds(1500));
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        _s.Faults.SlowResponseMs = 5000;
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => c.SendOnce(HttpMethod.Get, "/api/atlas/v2/orgs", Media.V2023));
        _s.Faults.SlowResponseMs = 0;
    }

    [Fact]
    public async Task Token_endpoint_429_burst()
    {
        _s.Faults.TokenTooManyRequestsBurst = 1;
        _s.Faults.RetryAfterSeconds = 3;
        using var b = new BearerClient(_s.BaseUri);
        var r = await b.RequestToken(_s.Seed.ServiceAccountClientId, _s.Seed.ClientSecret);
        Assert.Equal(429, r.Code);
        Assert.Equal("3", r.Header("Retry-After"));
        // only the token endpoint is affected
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        Assertions.Status(await b.RequestToken(_s.Seed.ServiceAccountClientId, _s.Seed.ClientSecret), 200);
    }

    [Fact]
    public async Task Request_log_records_every_request()
    {
        _s.Requests.Clear();
        using var c = Owner();
        Assertions.Status(await c.Get("/api/atlas/v2/groups?itemsPerPage=1"), 200);
        Assert.Equal(2, _s.Requests.Count());
        Assert.Equal(1, _s.Requests.Count(e => e.DigestChallenged));
        var ok = _s.Requests.Entries[1];
        Assert.Equal("GET", ok.Method);
        Assert.Equal("/api/atlas/v2/groups", ok.Path);
        Assert.Equal("?itemsPerPage=1", ok.Query);
        Assert.Equal(200, ok.Status);
        Assert.Equal(_s.Seed.PublicKey, ok.Principal);
        Assert.False(ok.DigestChallenged);
        _s.Requests.Clear();
        Assert.Equal(0, _s.Requests.Count());
    }
}

public sealed class EmulatorConcurrencyTests
{
    [Fact]
    public async Task Sixteen_concurrent_clients_are_served_consistently()
    {
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 4 });
        var org = $"/api/atlas/v2/orgs/{s.Seed.OrgId}";
        var tasks = Enumerable.Range(0, 16).Select(async i =>
        {
            using var c = new DigestClient(s.BaseUri, s.Seed.PublicKey, s.Seed.PrivateKey);
            var codes = new List<int>();
            for (var j = 0; j < 10; j++)
            {
                var created = await c.Post(org + "/apiKeys", new { desc = $"k{i}-{j}", roles = new[] { "ORG_MEMBER" } });
                codes.Add(created.Code);
                var id = created.Json["id"]!.GetValue<string>();
                codes.Add((await c.Post($"/api/atlas/v2/groups/{s.Seed.ProjectIds[j % 4]}/apiKeys/{id}", new[] { new { roles = new[] { "GROUP_READ_ONLY" } } })).Code);
                codes.Add((await c.Get(org + "/apiKeys?itemsPerPage=500")).Code);
            }
            return codes;
        }).ToArray();
        var all = (await Task.WhenAll(tasks)).SelectMany(x => x).ToList();
        Assert.All(all, code => Assert.True(code is 200 or 204, $"got {code}"));
        Assert.Equal(161, s.State.ApiKeys.Count);
        Assert.Equal(160, s.State.ApiKeys.Count(k => k.ProjectRoles.Count == 1));
    }
}
