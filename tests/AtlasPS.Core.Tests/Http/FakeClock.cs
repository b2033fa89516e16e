using Microsoft.Extensions.Time.Testing;

namespace AtlasPS.Core.Tests.Http;

/// <summary>
/// Runs a call on a fake clock: while the call is not done, time moves on in small steps, so waits (Retry-After,
/// backoff, the 429 gate) pass at once in real time. Assertions are made on the fake clock, never on real time.
/// Use it with an infinite RequestTimeout: fake time also passes while a real request is on the wire.
/// </summary>
internal static class FakeClock
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public static async Task RunAsync(this FakeTimeProvider clock, Func<Task> call)
    {
        var task = call();
        while (!task.IsCompleted)
        {
            await Task.WhenAny(task, Task.Delay(1));
            if (!task.IsCompleted) clock.Advance(Step);
        }
        await task;
    }
}
