using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;

namespace AtlasPS.Core.Tests;

/// <summary>
/// The one way the core tests connect to the emulator as its seeded principals: the ORG_OWNER API key (HTTP Digest) or
/// the seeded service account (OAuth client credentials). Suites differ only in the retry settings they pass (see
/// <see cref="Retries"/>) and in whether they connect through ConnectionWorkflows, as Connect-Atlas does
/// (<see cref="ConnectAsync"/>), or build the connection directly (<see cref="Connection"/>).
/// </summary>
internal static class SeededOwner
{
    /// <summary>The seeded owner key (or the same public key with another private key).</summary>
    public static ApiKeyCredential Credential(EmulatorServer server, string? privateKey = null) =>
        new(server.Seed.PublicKey, SecretText.FromString(privateKey ?? server.Seed.PrivateKey));

    /// <summary>Options for the emulator: the seeded owner key unless another credential is given, then <paramref name="configure"/>.</summary>
    public static AtlasClientOptions Options(EmulatorServer server, Action<AtlasClientOptions>? configure = null, AtlasCredential? credential = null)
    {
        var o = new AtlasClientOptions { BaseUri = server.BaseUri, Credential = credential ?? Credential(server) };
        configure?.Invoke(o);
        return o;
    }

    public static AtlasClient Client(EmulatorServer server, Action<AtlasClientOptions>? configure = null, AtlasCredential? credential = null) =>
        new(Options(server, configure, credential));

    /// <summary>A connection built directly (no sign-in check), with the seeded organization as default.</summary>
    public static AtlasConnection Connection(EmulatorServer server, Action<AtlasClientOptions>? configure = null, AtlasCredential? credential = null) =>
        new(Client(server, configure, credential), server.Seed.OrgId, null);

    /// <summary>What Connect-Atlas -Credential (owner key) passes to ConnectionWorkflows.</summary>
    public static ConnectRequest Request(EmulatorServer server, Action<AtlasClientOptions>? configure = null, string? privateKey = null) => new()
    {
        PublicKey = server.Seed.PublicKey,
        PrivateKey = SecretText.FromString(privateKey ?? server.Seed.PrivateKey),
        BaseUri = server.BaseUri,
        ConfigureOptions = configure,
    };

    /// <summary>What Connect-Atlas -ClientId/-ClientSecret (the seeded service account) passes to ConnectionWorkflows.</summary>
    public static ConnectRequest ServiceAccountRequest(EmulatorServer server, Action<AtlasClientOptions>? configure = null) => new()
    {
        ClientId = server.Seed.ServiceAccountClientId,
        ClientSecret = SecretText.FromString(server.Seed.ClientSecret),
        BaseUri = server.BaseUri,
        OrganizationId = server.Seed.OrgId,
        ConfigureOptions = configure,
    };

    /// <summary>Connects through ConnectionWorkflows (no environment variables).</summary>
    public static Task<AtlasConnection> ConnectAsync(ConnectRequest request) => ConnectionWorkflows.ConnectAsync(request, _ => null);
}

/// <summary>The retry settings the suites choose between.</summary>
internal static class Retries
{
    /// <summary>10 ms base delay, 2 retries, 20 s per request: quick, and a retry is still seen.</summary>
    public static void Fast(AtlasClientOptions o)
    {
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        o.MaxRetryAttempts = 2;
        o.RequestTimeout = TimeSpan.FromSeconds(20);
    }

    /// <summary>Fault storms end quickly: 50 ms base delay, up to 6 retries, at most 4 s per call, 10 s per request.</summary>
    public static void Storm(AtlasClientOptions o)
    {
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        o.MaxRetryAttempts = 6;
        o.MaxRetryDuration = TimeSpan.FromSeconds(4);
        o.RequestTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>One retry at 10 ms.</summary>
    public static void Once(AtlasClientOptions o)
    {
        o.MaxRetryAttempts = 1;
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
    }
}
