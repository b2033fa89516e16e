using System;
using System.Threading;

namespace AtlasPS.Core
{
    /// <summary>
    /// Routes the client's diagnostics events to whoever started the call: a cmdlet opens a scope around its work
    /// and turns the events into -Verbose text on its pipeline thread. The scope flows with the async call
    /// (AsyncLocal), so two commands using one connection at once each see only their own requests.
    /// </summary>
    public static class AtlasDiagnosticsScope
    {
        private static readonly AsyncLocal<Action<AtlasDiagnosticEvent>?> current = new AsyncLocal<Action<AtlasDiagnosticEvent>?>();

        internal static Action<AtlasDiagnosticEvent>? Current => current.Value;

        /// <summary>Events of calls started on this flow until the returned object is disposed go to <paramref name="sink"/>.</summary>
        public static IDisposable Begin(Action<AtlasDiagnosticEvent> sink)
        {
            var previous = current.Value;
            current.Value = sink ?? throw new ArgumentNullException(nameof(sink));
            return new Restore(previous);
        }

        private sealed class Restore : IDisposable
        {
            private readonly Action<AtlasDiagnosticEvent>? previous;
            public Restore(Action<AtlasDiagnosticEvent>? previous) { this.previous = previous; }
            public void Dispose() => current.Value = previous;
        }
    }
}
