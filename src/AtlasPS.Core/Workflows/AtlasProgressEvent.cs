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
}
