using System;
using System.Threading;

namespace AtlasPS.Core
{
    /// <summary>Counts finished items of a known total, thread-safe (fan-out steps finish on pool threads).</summary>
    internal sealed class ProgressCounter
    {
        private readonly Action<AtlasProgressEvent>? sink;
        private readonly int total;
        private readonly string what;
        private int done;

        internal ProgressCounter(Action<AtlasProgressEvent>? sink, int total, string what)
        {
            this.sink = sink; this.total = total; this.what = what;
        }

        public void Step()
        {
            if (sink is null || total <= 0) return;
            lock (this) // reports arrive in order: 1 of n, 2 of n, ...
            {
                int n = ++done;
                sink(new AtlasProgressEvent($"{n} of {total} {what} done", (int)(n * 100L / total)));
            }
        }
    }
}
