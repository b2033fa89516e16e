namespace AtlasPS.Emulator;

/// <summary>Start-up options for <see cref="EmulatorServer"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>TCP port on 127.0.0.1; 0 picks a free port.</summary>
    public int Port { get; set; }

    /// <summary>Number of projects seeded into the default organization.</summary>
    public int ProjectCount { get; set; } = 3;

    /// <summary>How long a digest nonce stays valid; afterwards it is refused with stale=true.</summary>
    public TimeSpan NonceLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The clock of nonce, token and secret expiry and of the token endpoint's rate limit. Tests give a fake one
    /// (started at the real time: the state's timestamps are real) and move it on instead of sleeping.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Lifetime of OAuth access tokens (expires_in).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromSeconds(3600);

    /// <summary>Token endpoint requests allowed per sliding minute before it answers 429.</summary>
    public int TokenRequestsPerMinute { get; set; } = 100;

    /// <summary>Fixed private key for the seeded owner API key (GUID-like); random when null.</summary>
    public string? SeedPrivateKey { get; set; }

    /// <summary>Fixed public key (8 lowercase letters) for the seeded owner API key; random when null.</summary>
    public string? SeedPublicKey { get; set; }

    /// <summary>Fixed client secret for the seeded service account; random when null.</summary>
    public string? SeedClientSecret { get; set; }

    /// <summary>Name of the seeded organization.</summary>
    public string OrgName { get; set; } = "Emulated-Organization";

    /// <summary>Lifetime in hours of the seeded service account's secret.</summary>
    public int SeedSecretExpiresAfterHours { get; set; } = 8760;

    /// <summary>Also listen on [::1] (any free port); see <see cref="EmulatorServer.BaseUriIPv6"/>.</summary>
    public bool ListenIPv6Loopback { get; set; }

    /// <summary>Value reported in RateLimit-Limit on successful responses.</summary>
    public int RateLimitLimit { get; set; } = 100;
}

/// <summary>Credentials and identifiers seeded at start-up.</summary>
public sealed class EmulatorSeed
{
    internal EmulatorSeed(string orgId, string orgName, IReadOnlyList<string> projectIds, string ownerApiKeyId,
        string publicKey, string privateKey, string serviceAccountClientId, string clientSecret)
    {
        OrgId = orgId;
        OrgName = orgName;
        ProjectIds = projectIds;
        OwnerApiKeyId = ownerApiKeyId;
        PublicKey = publicKey;
        PrivateKey = privateKey;
        ServiceAccountClientId = serviceAccountClientId;
        ClientSecret = clientSecret;
    }

    public string OrgId { get; }
    public string OrgName { get; }
    public IReadOnlyList<string> ProjectIds { get; }
    /// <summary>Id of the seeded ORG_OWNER API key.</summary>
    public string OwnerApiKeyId { get; }
    public string PublicKey { get; }
    public string PrivateKey { get; }
    /// <summary>Client id of the seeded ORG_OWNER service account.</summary>
    public string ServiceAccountClientId { get; }
    public string ClientSecret { get; }
}

/// <summary>When a dropped connection is cut.</summary>
public enum DropTiming
{
    /// <summary>Abort before the handler runs: the request has no effect.</summary>
    BeforeHandler,
    /// <summary>Abort after the handler applied its effect: the answer is lost.</summary>
    AfterHandler,
}

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

/// <summary>One request as the emulator saw it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Raw path as received (percent-encoding such as %2F preserved), without the query.</param>
/// <param name="Query">Raw query string including the leading '?', or empty.</param>
/// <param name="Status">Status sent; 0 when the connection was dropped.</param>
/// <param name="DigestChallenged">True when answered with a 401 carrying a Digest challenge.</param>
/// <param name="Timestamp">When the request arrived.</param>
/// <param name="Dropped">True when the connection was aborted by a drop rule.</param>
/// <param name="Principal">API key public key or service-account client id that authenticated, if any.</param>
public sealed record RequestLogEntry(string Method, string Path, string Query, int Status, bool DigestChallenged,
    DateTimeOffset Timestamp, bool Dropped, string? Principal)
{
    /// <summary>
    /// When the answer was about to be written (or the connection dropped): the entry is logged then, before the client
    /// can see the outcome. With <see cref="Timestamp"/>, a timeline of round trips.
    /// </summary>
    public DateTimeOffset Completed { get; init; }
}

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
