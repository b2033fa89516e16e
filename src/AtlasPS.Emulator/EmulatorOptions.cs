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
