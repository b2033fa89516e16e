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
/// One emulator per test class and an AtlasClient signed in as the seeded ORG_OWNER service account (bearer token
/// from the emulator's OAuth endpoint, so these tests do not depend on the digest handler). The seeded client
/// secret is a canary: it must never show up in anything AtlasPS returns or reports.
/// </summary>
public sealed class SecretsEmulator : IAsyncLifetime
{
    public const string SeedClientSecret = "mdb_sa_sk_canaryseedsecret0000000000000000000000";
    public const string SeedPrivateKey = "c0ffee00-cafe-4bad-beef-canary000001";

    public EmulatorServer Server { get; private set; } = null!;
    public AtlasClient Client { get; private set; } = null!;
    public string OrgId => Server.Seed.OrgId;
    public ConcurrentQueue<AtlasDiagnosticEvent> Events { get; } = new();
    private string token = "";

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions { SeedClientSecret = SeedClientSecret, SeedPrivateKey = SeedPrivateKey });
        using var http = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, "/api/oauth/token"));
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(Server.Seed.ServiceAccountClientId + ":" + SeedClientSecret)));
        req.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        using var resp = await http.SendAsync(req);
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == HttpStatusCode.OK, body);
        token = JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
        Client = new AtlasClient(new AtlasClientOptions
        {
            BaseUri = Server.BaseUri,
            Credential = new AccessTokenCredential(SecretText.FromString(token)),
            Diagnostics = e => Events.Enqueue(e),
            RequestTimeout = TimeSpan.FromSeconds(20),
        });
    }

    /// <summary>The bearer token is a secret too.</summary>
    public string Token => token;

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
