using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// One emulator per test class and an AtlasClient signed in with the seeded ORG_OWNER API key (HTTP Digest). The
/// seeded private key and client secret are canaries: they must never show up in anything AtlasPS returns or reports.
/// </summary>
public sealed class SecretsEmulator : IAsyncLifetime
{
    public const string SeedClientSecret = "mdb_sa_sk_canaryseedsecret0000000000000000000000";
    public const string SeedPrivateKey = "c0ffee00-cafe-4bad-beef-canary000001";

    public EmulatorServer Server { get; private set; } = null!;
    public AtlasClient Client { get; private set; } = null!;
    public string OrgId => Server.Seed.OrgId;
    public ConcurrentQueue<AtlasDiagnosticEvent> Events { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions { SeedClientSecret = SeedClientSecret, SeedPrivateKey = SeedPrivateKey });
        // The seeded ORG_OWNER API key, over HTTP Digest. Retries are fast so that "Atlas unreachable" tests stay quick.
        Client = new AtlasClient(Options(SeededOwner.Credential(Server, SeedPrivateKey)));
        await Client.Organizations.GetAsync(OrgId); // proves the credential
    }

    public AtlasClientOptions Options(AtlasCredential credential) => SeededOwner.Options(Server, o =>
    {
        Retries.Fast(o);
        o.MaxRetryDuration = TimeSpan.FromSeconds(10);
        o.Diagnostics = e => Events.Enqueue(e);
    }, credential);

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }

    public static string Reveal(SecureString s) => new NetworkCredential("", s).Password;

    /// <summary>A fresh key's description, unique per test.</summary>
    public static string Desc(string test) => "vault test " + test;

    public bool ApiKeyExists(string id) => Server.State.GetApiKey(id) != null;

    public IReadOnlyList<string> ApiKeyIdsWithDescription(string desc) =>
        Server.State.ApiKeys.Where(k => k.Description == desc).Select(k => k.Id).ToList();

    /// <summary>Makes every DELETE of this org's API keys fail (connection dropped before Atlas acts).</summary>
    public void BreakApiKeyDeletes() => Server.Faults.DropConnection("DELETE", $"orgs/{OrgId}/apiKeys/", DropTiming.BeforeHandler, 50);

    public void BreakServiceAccountDeletes() => Server.Faults.DropConnection("DELETE", $"orgs/{OrgId}/serviceAccounts/", DropTiming.BeforeHandler, 50);
}
