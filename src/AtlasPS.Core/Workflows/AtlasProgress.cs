using System;
using System.Threading;

namespace AtlasPS.Core
{
    /// <summary>One progress report of a long operation: what is happening and, when the total is known, how far it is.</summary>
    public sealed class AtlasProgressEvent
    {
        public AtlasProgressEvent(string status, int? percentComplete)
        {
            Status = status;
            PercentComplete = percentComplete is int p ? Math.Max(0, Math.Min(100, p)) : (int?)null;
        }
        /// <summary>E.g. "3 of 50 projects done" or "Storing the new key in the vault".</summary>
        public string Status { get; }
        /// <summary>0..100 when the total is known; null otherwise.</summary>
        public int? PercentComplete { get; }
        public override string ToString() => PercentComplete is int p ? $"{Status} ({p}%)" : Status;
    }

    /// <summary>
    /// Routes progress of long operations (fan-out over projects, rotation, access report) to whoever started them,
    /// like <see cref="AtlasDiagnosticsScope"/>: a cmdlet opens a scope around its work and writes the events as
    /// progress records on its pipeline thread. The scope flows with the async call (AsyncLocal). Without a scope,
    /// reports go nowhere. Never carries a secret.
    /// </summary>
    public static class AtlasProgressScope
    {
        private static readonly AsyncLocal<Action<AtlasProgressEvent>?> current = new AsyncLocal<Action<AtlasProgressEvent>?>();

        /// <summary>Progress of work started on this flow until the returned object is disposed goes to <paramref name="sink"/>.</summary>
        public static IDisposable Begin(Action<AtlasProgressEvent> sink)
        {
            var previous = current.Value;
            current.Value = sink ?? throw new ArgumentNullException(nameof(sink));
            return new Restore(previous);
        }

        /// <summary>Reports a step whose share of the whole is not known (or known: <paramref name="percent"/>).</summary>
        internal static void Report(string status, int? percent = null) => current.Value?.Invoke(new AtlasProgressEvent(status, percent));

        /// <summary>A counter for <paramref name="total"/> items: each <see cref="ProgressCounter.Step"/> reports "n of total what done".</summary>
        internal static ProgressCounter Counter(int total, string what) => new ProgressCounter(current.Value, total, what);

        private sealed class Restore : IDisposable
        {
            private readonly Action<AtlasProgressEvent>? previous;
            public Restore(Action<AtlasProgressEvent>? previous) { this.previous = previous; }
            public void Dispose() => current.Value = previous;
        }
    }

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
