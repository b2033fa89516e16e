using System;
using System.Threading;

namespace AtlasPS.Core
{
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
}
