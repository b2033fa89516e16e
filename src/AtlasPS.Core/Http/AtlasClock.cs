using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Http
{
    /// <summary>Waits on the client's clock (AtlasClientOptions.TimeProvider), so that tests can run retries on a fake one.</summary>
    internal static class AtlasClock
    {
        public static Task Delay(TimeProvider clock, TimeSpan delay, CancellationToken ct) =>
#if NET8_0_OR_GREATER
            Task.Delay(delay, clock, ct);
#else
            clock.Delay(delay, ct);
#endif
    }
}
