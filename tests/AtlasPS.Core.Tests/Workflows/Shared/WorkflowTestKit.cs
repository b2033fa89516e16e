using Xunit;
using System.Security;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>Starts the emulator and connects through ConnectionWorkflows with the seeded ORG_OWNER API key (HTTP Digest).</summary>
internal static class WorkflowTestKit
{
    public static Task<EmulatorServer> StartAsync(int projects = 3) =>
        EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = projects });

    public static SecureString Secure(string s) => SecretText.FromString(s);

    public static ConnectRequest ApiKeyRequest(EmulatorServer server, string? privateKey = null) =>
        SeededOwner.Request(server, FastRetries, privateKey);

    public static void FastRetries(AtlasClientOptions o) => Retries.Fast(o);

    /// <summary>Connected as the seeded owner key; the org default comes from the one org the key sees.</summary>
    public static async Task<AtlasConnection> ConnectAsync(EmulatorServer server)
    {
        var c = await SeededOwner.ConnectAsync(ApiKeyRequest(server));
        Assert.Equal(server.Seed.OrgId, c.OrganizationId);
        return c;
    }

    public static Func<string, string?> Env(Dictionary<string, string> vars) => name => vars.TryGetValue(name, out var v) ? v : null;

    public static string MissingId => "0123456789abcdef01234567";
}
