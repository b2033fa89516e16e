namespace AtlasPS.Emulator;

/// <summary>Fault injection switches. Every member is thread-safe and may change at any time.</summary>
public sealed class FaultSettings
{
    private readonly object _gate = new();
    private int _latencyMs;
    private int _slowResponseMs;
    private int _tooManyEveryN;
    private int? _retryAfter;
    private int _tooManyBurst;
    private int _unavailableBurst;
    private int? _unavailableRetryAfter;
    private int _tokenTooManyBurst;
    private long _counter;
    private readonly List<DropRule> _drops = new();

    private sealed class DropRule
    {
        public required string Method;
        public required string PathPrefix;
        public required DropTiming Timing;
        public int Remaining;
    }

    /// <summary>Fixed latency added before every request is handled.</summary>
    public int LatencyMs { get => Get(() => _latencyMs); set => Set(() => _latencyMs = Math.Max(0, value)); }

    /// <summary>Delay after the handler ran and before the response is written (timeout tests).</summary>
    public int SlowResponseMs { get => Get(() => _slowResponseMs); set => Set(() => _slowResponseMs = Math.Max(0, value)); }

    /// <summary>Every Nth request (counting all requests from when it was set) gets 429; 0 = off.</summary>
    public int TooManyRequestsEveryN { get => Get(() => _tooManyEveryN); set => Set(() => { _tooManyEveryN = Math.Max(0, value); _counter = 0; }); }

    /// <summary>Retry-After seconds sent with injected 429s; null = no header.</summary>
    public int? RetryAfterSeconds { get => Get(() => _retryAfter); set => Set(() => _retryAfter = value); }

    /// <summary>The next K requests get 429 (decrements as consumed).</summary>
    public int TooManyRequestsBurst { get => Get(() => _tooManyBurst); set => Set(() => _tooManyBurst = Math.Max(0, value)); }

    /// <summary>The next K requests get 503 (decrements as consumed).</summary>
    public int ServiceUnavailableBurst { get => Get(() => _unavailableBurst); set => Set(() => _unavailableBurst = Math.Max(0, value)); }

    /// <summary>Retry-After seconds sent with injected 503s; null = no header.</summary>
    public int? ServiceUnavailableRetryAfterSeconds { get => Get(() => _unavailableRetryAfter); set => Set(() => _unavailableRetryAfter = value); }

    /// <summary>The next K requests to POST /api/oauth/token get 429 (with <see cref="RetryAfterSeconds"/>).</summary>
    public int TokenTooManyRequestsBurst { get => Get(() => _tokenTooManyBurst); set => Set(() => _tokenTooManyBurst = Math.Max(0, value)); }

    /// <summary>
    /// Drop the connection (HttpContext.Abort, no response) for the next <paramref name="count"/> requests whose method
    /// matches and whose raw path starts with <paramref name="pathPrefix"/> (a prefix not starting with "/api/" is taken
    /// relative to /api/atlas/v2).
    /// </summary>
    public void DropConnection(string method, string pathPrefix, DropTiming timing = DropTiming.BeforeHandler, int count = 1)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathPrefix);
        if (!pathPrefix.StartsWith("/api/", StringComparison.Ordinal))
            pathPrefix = "/api/atlas/v2" + (pathPrefix.StartsWith('/') ? "" : "/") + pathPrefix;
        lock (_gate) _drops.Add(new DropRule { Method = method.ToUpperInvariant(), PathPrefix = pathPrefix, Timing = timing, Remaining = Math.Max(1, count) });
    }

    /// <summary>Number of drop rules with requests left to drop.</summary>
    public int PendingDrops { get { lock (_gate) return _drops.Sum(d => d.Remaining); } }

    /// <summary>Switch every fault off.</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _latencyMs = 0; _slowResponseMs = 0; _tooManyEveryN = 0; _retryAfter = null; _tooManyBurst = 0;
            _unavailableBurst = 0; _unavailableRetryAfter = null; _tokenTooManyBurst = 0; _counter = 0; _drops.Clear();
        }
    }

    private T Get<T>(Func<T> f) { lock (_gate) return f(); }
    private void Set(Action a) { lock (_gate) a(); }

    internal bool TryTakeDrop(string method, string rawPath, DropTiming timing)
    {
        lock (_gate)
        {
            foreach (var d in _drops)
            {
                if (d.Timing == timing && d.Remaining > 0 && string.Equals(d.Method, method, StringComparison.OrdinalIgnoreCase)
                    && rawPath.StartsWith(d.PathPrefix, StringComparison.Ordinal))
                {
                    d.Remaining--;
                    if (d.Remaining == 0) _drops.Remove(d);
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Decides the injected status for this request (0 = none).</summary>
    internal int NextInjectedStatus(bool isTokenEndpoint, out int? retryAfter)
    {
        lock (_gate)
        {
            _counter++;
            if (_tooManyBurst > 0) { _tooManyBurst--; retryAfter = _retryAfter; return 429; }
            if (_unavailableBurst > 0) { _unavailableBurst--; retryAfter = _unavailableRetryAfter; return 503; }
            if (isTokenEndpoint && _tokenTooManyBurst > 0) { _tokenTooManyBurst--; retryAfter = _retryAfter; return 429; }
            if (_tooManyEveryN > 0 && _counter % _tooManyEveryN == 0) { retryAfter = _retryAfter; return 429; }
            retryAfter = null;
            return 0;
        }
    }
}
