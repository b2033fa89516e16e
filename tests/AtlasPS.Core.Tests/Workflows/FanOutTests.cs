using Xunit;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Tests.Workflows;

public class FanOutTests
{
    [Fact]
    public async Task Runs_at_most_ThrottleLimit_at_once_keeps_input_order_and_isolates_failures()
    {
        int inFlight = 0, max = 0;
        var items = Enumerable.Range(1, 12).ToList();

        var results = await FanOut.RunAsync(items, 3, async (i, ct) =>
        {
            int now = Interlocked.Increment(ref inFlight);
            lock (items) max = Math.Max(max, now);
            await Task.Delay(5 * (13 - i), ct); // later items finish first
            Interlocked.Decrement(ref inFlight);
            if (i == 5) throw new InvalidOperationException("project 5 failed");
            return i * 10;
        }, CancellationToken.None);

        Assert.InRange(max, 1, 3);
        Assert.Equal(items, results.Select(r => r.Input));
        Assert.Equal(items.Where(i => i != 5).Select(i => i * 10), results.Where(r => r.Succeeded).Select(r => r.Value));
        Assert.Equal("project 5 failed", Assert.Single(results, r => !r.Succeeded).Error!.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void ThrottleLimit_out_of_range_is_refused(int limit) =>
        Assert.Equal("AtlasInvalidThrottleLimit", Assert.Throws<AtlasValidationException>(() => FanOut.ValidateThrottleLimit(limit)).ErrorId);
}
