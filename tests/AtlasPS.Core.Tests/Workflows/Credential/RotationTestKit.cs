using AtlasPS.Core.Secrets;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>Seeds credentials that live in a vault, runs rotations, and checks what a user would check afterwards: what signs in.</summary>
internal static class RotationTestKit
{
    public const string V = "SecretStore";

    public sealed record Outcome(CredentialRotationResult? Result, AtlasWorkflowException? Error, List<string> Warnings);

    public static async Task<Outcome> RotateAsync(SecretsEmulator atlas, InMemoryVault vault, Action<RotationOptions> configure)
    {
        var warnings = new List<string>();
        var o = new RotationOptions { OrganizationId = atlas.OrgId, VaultName = V, Warning = w => { lock (warnings) warnings.Add(w); } };
        configure(o);
        try
        {
            var r = await new CredentialWorkflows(atlas.Client, vault, o).RunAsync();
            return new Outcome(r, null, warnings);
        }
        catch (AtlasWorkflowException e)
        {
            return new Outcome(null, e, warnings);
        }
    }

    public static Func<RotationStep, CancellationToken, Task> FailBefore(RotationStep failing) =>
        (s, _) => s == failing ? throw new IOException($"simulated interruption before {s}") : Task.CompletedTask;

    /// <summary>Signs in with the credential through a fresh client and reads the org: "works" as the user's automation sees it.</summary>
    public static async Task<bool> WorksAsync(SecretsEmulator atlas, AtlasCredential credential)
    {
        using var c = new AtlasClient(atlas.Options(credential));
        try { await c.Organizations.GetAsync(atlas.OrgId); return true; }
        catch (AtlasApiException e) when (e.StatusCode is 401 or 403) { return false; }
    }

    public static Task<bool> KeyWorksAsync(SecretsEmulator atlas, string publicKey, string privateKey) =>
        WorksAsync(atlas, new ApiKeyCredential(publicKey, SecretText.FromString(privateKey)));

    public static Task<bool> SecretWorksAsync(SecretsEmulator atlas, string clientId, string secret) =>
        WorksAsync(atlas, new ServiceAccountCredential(clientId, SecretText.FromString(secret)));

    /// <summary>The vault entry as Connect-Atlas -Vault reads it, and whether it signs in.</summary>
    public static async Task<(string User, bool Works)> VaultEntryAsync(SecretsEmulator atlas, InMemoryVault vault, string name)
    {
        var entry = vault.Find(V, name) ?? throw new Xunit.Sdk.XunitException($"vault entry {name} is gone");
        var c = StoredCredentialReader.Convert(new StoredCredential(entry.UserName, entry.Password.Copy()), V + "/" + name);
        return (entry.UserName!, await WorksAsync(atlas, c.Credential));
    }

    public static void NoChangingRequests(EmulatorServer server) =>
        Assert.DoesNotContain(server.Requests.Entries, r => r.Method != "GET" && !r.Path.StartsWith("/api/oauth", StringComparison.Ordinal));
}
