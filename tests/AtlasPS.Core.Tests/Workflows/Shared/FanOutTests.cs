using Xunit;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// FanOut without timing: steps wait on gates the test opens, so what runs at once is counted, not guessed.
/// </summary>
public class FanOutTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Runs_exactly_ThrottleLimit_at_once_starts_one_more_per_finished_item_keeps_input_order_and_isolates_failures()
    {
        const int limit = 3;
        var items = Enumerable.Range(0, 8).ToList();
        var release = items.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var startedSignal = new SemaphoreSlim(0);
        int inFlight = 0, max = 0, started = 0;

        var run = FanOut.RunAsync(items, limit, async (i, ct) =>
        {
            int now = Interlocked.Increment(ref inFlight);
            lock (items) max = Math.Max(max, now);
            Interlocked.Increment(ref started);
            startedSignal.Release();
            await release[i].Task;
            Interlocked.Decrement(ref inFlight);
            if (i == 5) throw new InvalidOperationException("project 5 failed");
            return i * 10;
        }, CancellationToken.None);

        // Up to the limit at once, and no more while none has finished.
        for (int k = 0; k < limit; k++) Assert.True(await startedSignal.WaitAsync(Generous));
        Assert.Equal(limit, Volatile.Read(ref started));
        Assert.Equal(limit, Volatile.Read(ref inFlight));

        // Each finished item lets exactly one more start; later items may finish first.
        release[1].SetResult();
        Assert.True(await startedSignal.WaitAsync(Generous));
        Assert.Equal(limit + 1, Volatile.Read(ref started));
        Assert.Equal(limit, Volatile.Read(ref inFlight));

        foreach (var r in release.Reverse()) r.TrySetResult();
        var results = await run.WaitAsync(Generous);

        Assert.Equal(limit, max);
        Assert.Equal(items.Count, started);
        Assert.Equal(items, results.Select(r => r.Input));
        Assert.Equal(items.Where(i => i != 5).Select(i => i * 10), results.Where(r => r.Succeeded).Select(r => r.Value));
        Assert.Equal("project 5 failed", Assert.Single(results, r => !r.Succeeded).Error!.Message);
    }

    [Fact]
    public async Task After_a_connection_failure_no_item_starts_and_the_deadline_stops_what_still_runs()
    {
        var clock = new ManualClock();
        using var budget = new CommandBudget(clock, TimeSpan.FromMinutes(2));
        var items = Enumerable.Range(0, 6).ToList();
        var fail0 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bothStarted = new CountdownEvent(2);
        int started = 0;

        var run = FanOut.RunAsync(items, 2, async (i, ct) =>
        {
            Interlocked.Increment(ref started);
            bothStarted.Signal();
            if (i == 0) { await fail0.Task; return 0; }
            await Task.Delay(Timeout.Infinite, ct); // Atlas never answers this one
            return i;
        }, budget, CancellationToken.None);

        Assert.True(bothStarted.Wait(Generous));
        fail0.SetException(new HttpRequestException("Connection refused (127.0.0.1:1)"));
        while (!budget.ConnectionLost) await Task.Delay(1).WaitAsync(Generous);
        Assert.False(run.IsCompleted); // item 1 is still waiting for Atlas

        clock.Advance(TimeSpan.FromMinutes(2)); // the retry budget is spent
        var results = await run.WaitAsync(Generous);

        Assert.Equal(2, started);
        Assert.IsType<HttpRequestException>(results[0].Error);
        Assert.Equal(CommandBudget.ErrorNotFinished, Assert.IsType<AtlasWorkflowException>(results[1].Error).ErrorId);
        Assert.All(results.Skip(2), r => Assert.Equal(CommandBudget.ErrorNotAttempted, Assert.IsType<AtlasWorkflowException>(r.Error).ErrorId));
        Assert.All(results.Skip(2), r => Assert.IsType<HttpRequestException>(r.Error!.InnerException));
    }

    [Fact]
    public async Task An_error_answer_from_Atlas_is_isolated_to_its_item()
    {
        var results = await FanOut.RunAsync(Enumerable.Range(0, 5).ToList(), 1, (i, ct) =>
            i == 1 ? throw new AtlasApiException("not found", 404, "RESOURCE_NOT_FOUND", null, null, "GET", "/x") : Task.FromResult(i), CancellationToken.None);

        Assert.Equal(4, results.Count(r => r.Succeeded));
        Assert.IsType<AtlasApiException>(results[1].Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void ThrottleLimit_out_of_range_is_refused(int limit) =>
        Assert.Equal("AtlasInvalidThrottleLimit", Assert.Throws<AtlasValidationException>(() => FanOut.ValidateThrottleLimit(limit)).ErrorId);

    /// <summary>A clock that moves only when told; its timers fire when it passes their due time.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private readonly object gate = new();
        private readonly List<Timer> timers = new();
        private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() { lock (gate) return new DateTimeOffset(ticks, TimeSpan.Zero); }
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() { lock (gate) return ticks; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var t = new Timer(this, callback, state);
            t.Change(dueTime, period);
            return t;
        }

        public void Advance(TimeSpan by)
        {
            List<Timer> due;
            lock (gate)
            {
                ticks += by.Ticks;
                due = timers.Where(t => t.Due <= ticks).ToList();
                foreach (var t in due) timers.Remove(t);
            }
            foreach (var t in due) t.Fire();
        }

        private sealed class Timer : ITimer
        {
            private readonly ManualClock clock;
            private readonly TimerCallback callback;
            private readonly object? state;
            public long Due;
            public Timer(ManualClock clock, TimerCallback callback, object? state) { this.clock = clock; this.callback = callback; this.state = state; }
            public void Fire() => callback(state);
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (clock.gate)
                {
                    clock.timers.Remove(this);
                    if (dueTime == Timeout.InfiniteTimeSpan) return true;
                    Due = clock.ticks + dueTime.Ticks;
                    clock.timers.Add(this);
                }
                return true;
            }
            public void Dispose() { lock (clock.gate) clock.timers.Remove(this); }
            public ValueTask DisposeAsync() { Dispose(); return default; }
        }
    }
}
