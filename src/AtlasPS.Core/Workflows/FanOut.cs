using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Runs one async step per item with at most ThrottleLimit in flight; results come back in input order.</summary>
    public static class FanOut
    {
        /// <summary>
        /// Requests in flight per fan-out. 10 (the same as <see cref="AtlasClientOptions.PageConcurrency"/>) lets 50
        /// project grants finish in 5 round trips (about 0.25 s at 50 ms) while staying far below what one credential may
        /// burst; a 429 makes the whole client wait for Retry-After anyway.
        /// </summary>
        public const int DefaultThrottleLimit = 10;
        public const int MaxThrottleLimit = 32;

        public static int ValidateThrottleLimit(int throttleLimit)
        {
            if (throttleLimit < 1 || throttleLimit > MaxThrottleLimit)
                throw new AtlasValidationException("AtlasInvalidThrottleLimit",
                    $"-ThrottleLimit {throttleLimit} is out of range: give 1 to {MaxThrottleLimit} (default {DefaultThrottleLimit}). Atlas rate-limits each credential, so more is rarely faster.", "ThrottleLimit", throttleLimit);
            return throttleLimit;
        }

        /// <summary>
        /// Per-item failures are collected (not thrown) so one bad project does not abort the rest. Cancellation is
        /// the exception: it stops everything and is thrown. A connection failure (Atlas could not be reached) is not
        /// isolated: no new item is started after it, and the items not started come back with an AtlasNotAttempted error.
        /// </summary>
        public static Task<IReadOnlyList<ItemResult<TIn, TOut>>> RunAsync<TIn, TOut>(IReadOnlyList<TIn> items, int throttleLimit,
            Func<TIn, CancellationToken, Task<TOut>> step, CancellationToken ct) =>
            RunAsync(items, throttleLimit, step, null, ct);

        /// <summary>
        /// As above, within a command's <see cref="CommandBudget"/>: after a connection failure no item starts, and items
        /// still running at the budget's deadline are cancelled (reported as failed, not thrown).
        /// </summary>
        internal static async Task<IReadOnlyList<ItemResult<TIn, TOut>>> RunAsync<TIn, TOut>(IReadOnlyList<TIn> items, int throttleLimit,
            Func<TIn, CancellationToken, Task<TOut>> step, CommandBudget? budget, CancellationToken ct)
        {
            using var own = budget is null ? new CommandBudget(TimeProvider.System, TimeSpan.MaxValue) : null;
            var b = budget ?? own!;
            using var gate = new SemaphoreSlim(Math.Max(1, throttleLimit));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, b.Token);
            var progress = AtlasProgressScope.Counter(items.Count, "items");
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    if (b.ConnectionLost) return new ItemResult<TIn, TOut>(item, default, b.NotStarted(Describe(item)));
                    long started = b.Timestamp();
                    try
                    {
                        var v = await step(item, linked.Token).ConfigureAwait(false);
                        return new ItemResult<TIn, TOut>(item, v, null);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                    catch (Exception ex)
                    {
                        b.Observe(ex, started);
                        return new ItemResult<TIn, TOut>(item, default, b.Stopped(Describe(item), ex));
                    }
                }
                finally { gate.Release(); progress.Step(); }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        private static string Describe<TIn>(TIn item) => item is string s ? s : item?.ToString() ?? "item";
    }
}
