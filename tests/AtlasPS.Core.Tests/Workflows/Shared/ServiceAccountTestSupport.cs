using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>One emulator per test class; connections built the way Connect-Atlas builds them.</summary>
public sealed class SaEmulatorFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

internal static class Connect
{
    private static AtlasClientOptions Options(EmulatorServer server, AtlasCredential credential) => SeededOwner.Options(server, Retries.Once, credential);

    /// <summary>The seeded ORG_OWNER API key (HTTP Digest).</summary>
    public static AtlasConnection Owner(EmulatorServer server) => SeededOwner.Connection(server, Retries.Once);

    public static AtlasConnection ApiKey(EmulatorServer server, string publicKey, string privateKey) =>
        new(new AtlasClient(Options(server, new ApiKeyCredential(publicKey, SecretText.FromString(privateKey)))), server.Seed.OrgId, null);

    /// <summary>A service account (OAuth client credentials).</summary>
    public static AtlasConnection ServiceAccount(EmulatorServer server, string clientId, string secret) =>
        new(new AtlasClient(Options(server, new ServiceAccountCredential(clientId, SecretText.FromString(secret)))), server.Seed.OrgId, null);

    public static AtlasConnection ServiceAccount(EmulatorServer server, string clientId, System.Security.SecureString secret) =>
        new(new AtlasClient(Options(server, new ServiceAccountCredential(clientId, secret.Copy()))), server.Seed.OrgId, null);

    public static async Task<List<T>> ToListAsync<T>(this IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }

    public static string UniqueName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];
}
