using System.Net;
using System.Security;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>
/// Connections for the reliability tests: small retry settings (50 ms base delay, a few seconds at most per call) so that
/// fault storms end quickly, and every diagnostics event's ToString() captured for the secret scans.
/// </summary>
internal static class ReliabilityKit
{
    public static void Fast(AtlasClientOptions o) => Retries.Storm(o);

    /// <summary>Connects with the seeded ORG_OWNER API key (HTTP Digest).</summary>
    public static Task<AtlasConnection> ApiKeyAsync(EmulatorServer server, Action<AtlasClientOptions>? tweak = null, ICollection<string>? events = null) =>
        SeededOwner.ConnectAsync(SeededOwner.Request(server, o => Configure(o, tweak, events)));

    /// <summary>Connects with the seeded service account (OAuth client credentials).</summary>
    public static Task<AtlasConnection> ServiceAccountAsync(EmulatorServer server, Action<AtlasClientOptions>? tweak = null, ICollection<string>? events = null) =>
        SeededOwner.ConnectAsync(SeededOwner.ServiceAccountRequest(server, o => Configure(o, tweak, events)));

    private static void Configure(AtlasClientOptions o, Action<AtlasClientOptions>? tweak, ICollection<string>? events)
    {
        Fast(o);
        if (events != null) o.Diagnostics = e => { lock (events) events.Add(e.ToString()); };
        tweak?.Invoke(o);
    }

    public static string Reveal(SecureString s) => new NetworkCredential("", s).Password;

    public static int KeysWithDescription(EmulatorServer server, string description) =>
        server.State.ApiKeys.Count(k => k.Description == description);

    public static int AccountsNamed(EmulatorServer server, string name) =>
        server.State.ServiceAccounts.Count(s => s.Name == name);

    /// <summary>A unique description / name for one test.</summary>
    public static string Unique(string what) => what + " " + Guid.NewGuid().ToString("N").Substring(0, 8);

    public static async Task<Exception> Fails(Func<Task> action)
    {
        var ex = await Record.ExceptionAsync(action);
        Assert.NotNull(ex);
        return ex!;
    }
}

/// <summary>One emulator per test class; faults are switched off and the log cleared before each test.</summary>
public sealed class ReliabilityEmulator : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// A transport wrapper (the caller-supplied InnerHandler slot, below all of AtlasPS's own handlers) that runs a hook
/// before and after matching requests: used to switch an emulator fault on for exactly one request.
/// </summary>
internal sealed class HookHandler : DelegatingHandler
{
    private readonly Func<HttpRequestMessage, bool> match;
    private readonly Action before;
    private readonly Action after;
    private int remaining;

    public HookHandler(Func<HttpRequestMessage, bool> match, Action before, Action after, int times = 1)
        : base(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        this.match = match; this.before = before; this.after = after; remaining = times;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        bool hit = match(request) && Interlocked.Decrement(ref remaining) >= 0;
        if (hit) before();
        try { return await base.SendAsync(request, cancellationToken); }
        finally { if (hit) after(); }
    }
}
