namespace AtlasPS.Emulator;

/// <summary>Thread-safe log of every request.</summary>
public sealed class RequestLog
{
    private readonly object _gate = new();
    private readonly List<RequestLogEntry> _entries = new();

    public int Count() { lock (_gate) return _entries.Count; }

    public int Count(Func<RequestLogEntry, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_gate) return _entries.Count(predicate);
    }

    /// <summary>Snapshot of all entries, oldest first.</summary>
    public IReadOnlyList<RequestLogEntry> Entries { get { lock (_gate) return _entries.ToArray(); } }

    public void Clear() { lock (_gate) _entries.Clear(); }

    internal void Add(RequestLogEntry e) { lock (_gate) _entries.Add(e); }
}
