using System.Net;
using System.Security;
using AtlasPS.Core.Secrets;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// An in-memory stand-in for SecretManagement with switches that make each step fail the way real vaults do:
/// module missing, vault unknown, vault locked, Set-Secret failing, Set-SecretInfo failing or unsupported,
/// Remove-Secret failing. Set-Secret with overwrite=false refuses an existing name, like -NoClobber.
/// </summary>
internal sealed class InMemoryVault : ISecretVault
{
    public sealed class Entry
    {
        public required string? UserName;
        public required SecureString Password;
        public Dictionary<string, object> Metadata = new(StringComparer.OrdinalIgnoreCase);
        /// <summary>Test-only view of the password.</summary>
        public string PasswordText => new NetworkCredential("", Password).Password;
    }

    private readonly object gate = new();
    private readonly Dictionary<string, Dictionary<string, Entry>> vaults = new(StringComparer.OrdinalIgnoreCase);

    public InMemoryVault(params string[] vaultNames)
    {
        foreach (var v in vaultNames) vaults[v] = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
    }

    public bool Installed { get; set; } = true;
    public bool Locked { get; set; }
    public bool SupportsMetadata { get; set; } = true;
    public string? FailSetSecret { get; set; }
    public string? FailSetSecretInfo { get; set; }
    public string? FailRemoveSecret { get; set; }
    public string? FailTest { get; set; }
    /// <summary>Test-only: the password of the last Set-Secret call, kept even when the call fails (to check it leaks nowhere).</summary>
    public string? LastSetPassword { get; private set; }
    /// <summary>Every call, in order: "Test v", "Exists v/n", "Set v/n overwrite=x", "SetInfo v/n", "Get v/n", "Remove v/n".</summary>
    public List<string> Calls { get; } = new();

    public bool IsAvailable => Installed;

    public IReadOnlyDictionary<string, Entry> Secrets(string vault) { lock (gate) return new Dictionary<string, Entry>(vaults[vault], StringComparer.OrdinalIgnoreCase); }

    public Entry? Find(string vault, string name) { lock (gate) return vaults.TryGetValue(vault, out var v) && v.TryGetValue(name, out var e) ? e : null; }

    public void Put(string vault, string name, string? user, string password, Dictionary<string, object>? metadata = null)
    {
        lock (gate) vaults[vault][name] = new Entry { UserName = user, Password = SecretText.FromString(password), Metadata = metadata ?? new(StringComparer.OrdinalIgnoreCase) };
    }

    private void Log(string call) { lock (gate) Calls.Add(call); }

    private Dictionary<string, Entry> Vault(string name)
    {
        if (!Installed) throw new InvalidOperationException("The term 'Microsoft.PowerShell.SecretManagement\\Set-Secret' is not recognized.");
        if (!vaults.TryGetValue(name, out var v)) throw new InvalidOperationException($"Vault not found in registry: {name}");
        if (Locked) throw new InvalidOperationException("A valid password is required to access the Microsoft.PowerShell.SecretStore vault.");
        return v;
    }

    public Task<SecretVaultStatus> TestVaultAsync(string vaultName, CancellationToken ct)
    {
        Log("Test " + vaultName);
        lock (gate)
        {
            if (!vaults.ContainsKey(vaultName)) return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.NotRegistered, $"Vault {vaultName} does not exist in registry."));
            if (Locked) return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, "A valid password is required to access the Microsoft.PowerShell.SecretStore vault."));
            if (FailTest != null) throw new InvalidOperationException(FailTest);
            return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.Ready));
        }
    }

    public Task<bool> SecretExistsAsync(string vaultName, string secretName, CancellationToken ct)
    {
        Log($"Exists {vaultName}/{secretName}");
        lock (gate) return Task.FromResult(Vault(vaultName).ContainsKey(secretName));
    }

    public async Task SetCredentialAsync(string vaultName, string secretName, string userName, SecureString secret, bool overwrite, CancellationToken ct)
    {
        Log($"Set {vaultName}/{secretName} overwrite={overwrite}");
        LastSetPassword = new NetworkCredential("", secret).Password;
        await Task.Yield(); // like a real vault call: completes later, on another thread
        lock (gate)
        {
            var v = Vault(vaultName);
            if (FailSetSecret != null) throw new InvalidOperationException(FailSetSecret);
            if (!overwrite && v.ContainsKey(secretName)) throw new InvalidOperationException($"A secret with name {secretName} already exists in vault {vaultName}.");
            v[secretName] = new Entry { UserName = userName, Password = secret.Copy() };
        }
    }

    public Task SetMetadataAsync(string vaultName, string secretName, IReadOnlyDictionary<string, object> metadata, CancellationToken ct)
    {
        Log($"SetInfo {vaultName}/{secretName}");
        lock (gate)
        {
            var v = Vault(vaultName);
            if (!SupportsMetadata) throw new NotSupportedException($"Cannot store secret metadata. Vault {vaultName} does not support secret metadata.");
            if (FailSetSecretInfo != null) throw new InvalidOperationException(FailSetSecretInfo);
            if (!v.TryGetValue(secretName, out var e)) throw new InvalidOperationException($"The secret {secretName} was not found.");
            foreach (var value in metadata.Values)
                Assert.True(value is string or int or DateTime, $"SecretManagement metadata takes string, int or DateTime, got {value?.GetType()}");
            e.Metadata = new Dictionary<string, object>(metadata, StringComparer.OrdinalIgnoreCase);
            return Task.CompletedTask;
        }
    }

    public Task<StoredCredential?> GetCredentialAsync(string vaultName, string secretName, CancellationToken ct)
    {
        Log($"Get {vaultName}/{secretName}");
        lock (gate)
        {
            var v = Vault(vaultName);
            return Task.FromResult(v.TryGetValue(secretName, out var e)
                ? new StoredCredential(e.UserName, e.Password.Copy(), SupportsMetadata ? e.Metadata : null)
                : null);
        }
    }

    public Task RemoveSecretAsync(string vaultName, string secretName, CancellationToken ct)
    {
        Log($"Remove {vaultName}/{secretName}");
        lock (gate)
        {
            var v = Vault(vaultName);
            if (FailRemoveSecret != null) throw new InvalidOperationException(FailRemoveSecret);
            if (!v.Remove(secretName)) throw new InvalidOperationException($"The secret {secretName} was not found.");
            return Task.CompletedTask;
        }
    }
}
