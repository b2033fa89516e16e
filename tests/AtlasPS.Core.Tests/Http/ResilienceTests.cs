using System.Diagnostics;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

public sealed class ResilienceTests
{
    /// <summary>The first `failures` requests get `status` (or a dropped connection for 0), then success.</summary>
    private static Task<TestServer> Failing(int status, int failures, int? retryAfter = null)
    {
        int n = 0;
        return TestServer.StartAsync((ctx, req) =>
        {
            if (Interlocked.Increment(ref n) <= failures)
                return status == 0 ? TestServer.Drop(ctx) : TestServer.Status(ctx, status, retryAfter);
            return TestServer.Ok(ctx);
        });
    }

    [Theory]
    // method, status (0 = connection dropped after the server read the request), requests the server sees, succeeds
    [InlineData("GET", 429, 2, true)]
    [InlineData("POST", 429, 2, true)]
    [InlineData("PATCH", 429, 2, true)]
    [InlineData("GET", 503, 2, true)]
    [InlineData("POST", 503, 2, true)]
    [InlineData("GET", 500, 2, true)]
    [InlineData("DELETE", 500, 2, true)]
    [InlineData("POST", 500, 1, false)]
    [InlineData("PATCH", 500, 1, false)]
    [InlineData("GET", 502, 2, true)]
    [InlineData("GET", 504, 2, true)]
    [InlineData("POST", 504, 1, false)]
    [InlineData("GET", 400, 1, false)]
    [InlineData("GET", 404, 1, false)]
    [InlineData("DELETE", 409, 1, false)]
    [InlineData("GET", 0, 2, true)]
    [InlineData("DELETE", 0, 2, true)]
    [InlineData("POST", 0, 1, false)]
    [InlineData("PATCH", 0, 1, false)]
    public async Task Retry_decisions_per_method_and_status(string method, int status, int expectedRequests, bool succeeds)
    {
        await using var server = await Failing(status, 1);
        using var client = TestServer.Client(server);
        var call = client.SendAsync(method);
        if (succeeds) await call;
        else
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => call);
            if (status == 0)
            {
                var h = Assert.IsType<HttpRequestException>(ex);
                Assert.Contains("did not send it again", h.Message);
                Assert.Contains(method, h.Message);
            }
            else Assert.Equal(status, Assert.IsType<AtlasApiException>(ex).StatusCode);
        }
        Assert.Equal(expectedRequests, server.Count);
    }

    [Fact]
    public async Task Retry_After_2_is_honoured()
    {
        var clock = FakeClock.Create();
        var arrivals = new List<DateTimeOffset>();
        int n = 0;
        await using var server = await TestServer.StartAsync((ctx, req) =>
        {
            lock (arrivals) arrivals.Add(clock.GetUtcNow());
            return Interlocked.Increment(ref n) == 1 ? TestServer.Status(ctx, 429, 2) : TestServer.Ok(ctx);
        });
        var events = new List<AtlasDiagnosticEvent>();
        using var client = TestServer.Client(server, configure: o =>
        {
            o.Diagnostics = e => { lock (events) events.Add(e); };
            o.TimeProvider = clock;
            o.RequestTimeout = Timeout.InfiniteTimeSpan;
        });
        await clock.RunAsync(() => client.GetOrgAsync());
        Assert.Equal(2, server.Count);
        // The second request left only once the client's clock had passed Retry-After.
        Assert.True(arrivals[1] - arrivals[0] >= TimeSpan.FromSeconds(2), $"the retry came {arrivals[1] - arrivals[0]} after the 429 (on the client's clock)");
        Assert.Contains(events, e => e.Message != null && e.Message.StartsWith("retry in 2") && e.Message.Contains("429"));
    }

    [Fact]
    public async Task Backoff_waits_grow_exponentially_on_the_clients_clock()
    {
        var clock = FakeClock.Create();
        var arrivals = new List<DateTimeOffset>();
        int n = 0;
        await using var server = await TestServer.StartAsync((ctx, req) =>
        {
            lock (arrivals) arrivals.Add(clock.GetUtcNow());
            return Interlocked.Increment(ref n) <= 3 ? TestServer.Status(ctx, 503) : TestServer.Ok(ctx);
        });
        var events = new List<AtlasDiagnosticEvent>();
        using var client = TestServer.Client(server, configure: o =>
        {
            o.Diagnostics = e => { lock (events) events.Add(e); };
            o.TimeProvider = clock;
            o.RequestTimeout = Timeout.InfiniteTimeSpan;
            o.RetryBaseDelay = TimeSpan.FromSeconds(10);
        });
        await clock.RunAsync(() => client.GetOrgAsync());
        Assert.Equal(4, server.Count);
        // Polly's exponential backoff with jitter around 10s, 20s, 40s: the total wait is well above three constant waits of 10s.
        var waits = events.Where(e => e.Message != null && e.Message.StartsWith("retry in ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, waits.Count);
        Assert.True(arrivals[3] - arrivals[0] > TimeSpan.FromSeconds(30), $"three retries took only {arrivals[3] - arrivals[0]} on the client's clock");
        Assert.All(Enumerable.Range(1, 3), i => Assert.True(arrivals[i] > arrivals[i - 1]));
    }

    [Fact]
    public async Task Too_many_requests_without_Retry_After_backs_off_and_succeeds()
    {
        await using var server = await Failing(429, 3);
        using var client = TestServer.Client(server);
        await client.GetOrgAsync();
        Assert.Equal(4, server.Count);
    }

    [Fact]
    public async Task Retries_stop_at_MaxRetryAttempts_and_the_last_answer_is_reported()
    {
        await using var server = await Failing(503, 100);
        using var client = TestServer.Client(server, configure: o => o.MaxRetryAttempts = 2);
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_budget_is_not_waited_for()
    {
        await using var server = await Failing(429, 100, retryAfter: 60);
        using var client = TestServer.Client(server, configure: o => o.MaxRetryDuration = TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(429, ex.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task A_post_whose_connection_drops_is_sent_exactly_once_and_the_error_says_why()
    {
        await using var server = await Failing(0, 100);
        using var client = TestServer.Client(server);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.PostKeyAsync());
        Assert.Equal(1, server.Requests.Count(r => r.Method == "POST"));
        Assert.Contains("createOrgApiKey", ex.Message);
        Assert.Contains("may already have applied it", ex.Message);
        Assert.Equal("AtlasConnectionFailed", AtlasErrorInfo.From(ex).ErrorId);
    }

    [Fact]
    public async Task A_get_whose_connection_keeps_dropping_is_retried_until_the_attempts_run_out()
    {
        await using var server = await Failing(0, 100);
        using var client = TestServer.Client(server, configure: o => o.MaxRetryAttempts = 3);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetOrgAsync());
        Assert.Equal(4, server.Count);
    }

    private static Task<TestServer> Slow(int slowRequests, TimeSpan delay)
    {
        int n = 0;
        return TestServer.StartAsync(async (ctx, req) =>
        {
            if (Interlocked.Increment(ref n) <= slowRequests)
            {
                try { await Task.Delay(delay, ctx.RequestAborted); } catch (OperationCanceledException) { return; }
            }
            await TestServer.Ok(ctx);
        });
    }

    [Fact]
    public async Task Per_attempt_timeout_on_a_post_is_a_TimeoutException_and_not_resent()
    {
        await using var server = await Slow(100, TimeSpan.FromSeconds(30));
        using var client = TestServer.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => client.PostKeyAsync());
        Assert.Contains("did not send it again", ex.Message);
        Assert.Equal(1, server.Count);
        Assert.Equal("AtlasRequestTimeout", AtlasErrorInfo.From(ex).ErrorId);
    }

    [Fact]
    public async Task Per_attempt_timeout_on_a_get_is_retried()
    {
        await using var server = await Slow(1, TimeSpan.FromSeconds(30));
        using var client = TestServer.Client(server, configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        await client.GetOrgAsync();
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task Per_attempt_timeout_on_a_get_gives_TimeoutException_when_attempts_run_out()
    {
        await using var server = await Slow(100, TimeSpan.FromSeconds(30));
        using var client = TestServer.Client(server, configure: o => { o.RequestTimeout = TimeSpan.FromMilliseconds(200); o.MaxRetryAttempts = 1; });
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetOrgAsync());
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task Caller_cancellation_is_OperationCanceledException_promptly_and_not_retried()
    {
        await using var server = await Slow(100, TimeSpan.FromSeconds(30));
        using var client = TestServer.Client(server);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var sw = Stopwatch.StartNew();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetOrgAsync(cts.Token));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10));
        Assert.IsNotType<TimeoutException>(ex.InnerException);
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task A_429_makes_other_requests_of_the_client_back_off_too()
    {
        var clock = FakeClock.Create();
        var arrivals = new List<(string Method, DateTimeOffset At)>();
        int n = 0;
        await using var server = await TestServer.StartAsync((ctx, req) =>
        {
            lock (arrivals) arrivals.Add((req.Method, clock.GetUtcNow()));
            return Interlocked.Increment(ref n) == 1 ? TestServer.Status(ctx, 429, 1) : TestServer.Ok(ctx);
        });
        using var client = TestServer.Client(server, configure: o => { o.TimeProvider = clock; o.RequestTimeout = Timeout.InfiniteTimeSpan; });
        var resilience = (AtlasPS.Core.Http.ResilienceHandler)FindResilience(client);
        var start = clock.GetUtcNow();

        var get = client.GetOrgAsync(); // 429 (Retry-After 1): closes the gate, then waits on the client's clock
        using (var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            while (resilience.NotBefore is null) await Task.Delay(1, guard.Token);
        var gate = resilience.NotBefore!.Value;
        // The gate is on the client's clock (the options' TimeProvider), one Retry-After after the 429.
        Assert.InRange(gate - start, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var delete = client.DeleteKeyAsync(); // another request of the client while the gate is closed
        await clock.RunAsync(() => Task.WhenAll(get, delete));
        Assert.Equal(3, server.Count);
        var deleteAt = arrivals.Single(a => a.Method == "DELETE").At;
        Assert.True(deleteAt >= gate, $"the DELETE was sent at {deleteAt:O}, before the 429 gate {gate:O}");
    }

    private static System.Net.Http.HttpMessageHandler FindResilience(AtlasClient client)
    {
        System.Net.Http.HttpMessageHandler? h = client.Http.Chain.Outermost;
        while (h is System.Net.Http.DelegatingHandler d)
        {
            if (d is AtlasPS.Core.Http.ResilienceHandler) return d;
            h = d.InnerHandler;
        }
        throw new InvalidOperationException("no resilience handler");
    }
}
