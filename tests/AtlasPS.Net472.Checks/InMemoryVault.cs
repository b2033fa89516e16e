using System;
using System.Collections.Generic;
using System.Net;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Secrets;

namespace AtlasPS.Net472.Checks
{
    /// <summary>
    /// A net472 copy of the essentials of tests/AtlasPS.Core.Tests/Secrets/InMemoryVault.cs (that one uses xunit and
    /// net10 language features): SecretManagement as it behaves, with switches for a locked vault and a failing
    /// Set-Secret. Set-Secret with overwrite=false refuses an existing name, like -NoClobber.
    /// </summary>
    internal sealed class InMemoryVault : ISecretVault
    {
        public sealed class Entry
        {
            public Entry(string? userName, SecureString password) { UserName = userName; Password = password; }
            public string? UserName { get; }
            public SecureString Password { get; }
            public Dictionary<string, object> Metadata { get; set; } = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            /// <summary>Check-only view of the password.</summary>
            public string PasswordText => new NetworkCredential("", Password).Password;
        }

        private readonly object gate = new object();
        private readonly Dictionary<string, Dictionary<string, Entry>> vaults = new Dictionary<string, Dictionary<string, Entry>>(StringComparer.OrdinalIgnoreCase);

        public InMemoryVault(params string[] vaultNames)
        {
            foreach (var v in vaultNames) vaults[v] = new Dictionary<string, Entry>(StringComparer.OrdinalIgnoreCase);
        }

        public bool Locked { get; set; }
        public string? FailSetSecret { get; set; }
        /// <summary>Runs after a secret is stored (a check uses it to press Ctrl+C between two steps of a create).</summary>
        public Action? AfterSet { get; set; }
        public List<string> Calls { get; } = new List<string>();
        public bool IsAvailable => true;

        public Entry? Find(string vault, string name) { lock (gate) return vaults.TryGetValue(vault, out var v) && v.TryGetValue(name, out var e) ? e : null; }

        public void Put(string vault, string name, string? user, string password)
        {
            lock (gate) vaults[vault][name] = new Entry(user, SecretText.FromString(password));
        }

        private void Log(string call) { lock (gate) Calls.Add(call); }

        private Dictionary<string, Entry> Vault(string name)
        {
            if (!vaults.TryGetValue(name, out var v)) throw new InvalidOperationException("Vault not found in registry: " + name);
            if (Locked) throw new InvalidOperationException("A valid password is required to access the Microsoft.PowerShell.SecretStore vault.");
            return v;
        }

        public Task<SecretVaultStatus> TestVaultAsync(string vaultName, CancellationToken ct)
        {
            Log("Test " + vaultName);
            lock (gate)
            {
                if (!vaults.ContainsKey(vaultName)) return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.NotRegistered, "Vault " + vaultName + " does not exist in registry."));
                if (Locked) return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, "A valid password is required to access the Microsoft.PowerShell.SecretStore vault."));
                return Task.FromResult(new SecretVaultStatus(vaultName, SecretVaultState.Ready));
            }
        }

        public Task<bool> SecretExistsAsync(string vaultName, string secretName, CancellationToken ct)
        {
            Log("Exists " + vaultName + "/" + secretName);
            lock (gate) return Task.FromResult(Vault(vaultName).ContainsKey(secretName));
        }

        public async Task SetCredentialAsync(string vaultName, string secretName, string userName, SecureString secret, bool overwrite, CancellationToken ct)
        {
            Log("Set " + vaultName + "/" + secretName + " overwrite=" + overwrite);
            await Task.Yield(); // like a real vault call: completes later, on another thread
            lock (gate)
            {
                var v = Vault(vaultName);
                if (FailSetSecret != null) throw new InvalidOperationException(FailSetSecret);
                if (!overwrite && v.ContainsKey(secretName)) throw new InvalidOperationException("A secret with name " + secretName + " already exists in vault " + vaultName + ".");
                v[secretName] = new Entry(userName, secret.Copy());
            }
            AfterSet?.Invoke();
        }

        public Task SetMetadataAsync(string vaultName, string secretName, IReadOnlyDictionary<string, object> metadata, CancellationToken ct)
        {
            Log("SetInfo " + vaultName + "/" + secretName);
            lock (gate)
            {
                var v = Vault(vaultName);
                if (!v.TryGetValue(secretName, out var e)) throw new InvalidOperationException("The secret " + secretName + " was not found.");
                foreach (var value in metadata.Values)
                    if (!(value is string || value is int || value is DateTime))
                        throw new ArgumentException("SecretManagement metadata takes string, int or DateTime, got " + value?.GetType());
                e.Metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
                foreach (var kv in metadata) e.Metadata[kv.Key] = kv.Value;
                return Task.FromResult(0);
            }
        }

        public Task<StoredCredential?> GetCredentialAsync(string vaultName, string secretName, CancellationToken ct)
        {
            Log("Get " + vaultName + "/" + secretName);
            lock (gate)
            {
                var v = Vault(vaultName);
                return Task.FromResult(v.TryGetValue(secretName, out var e) ? new StoredCredential(e.UserName, e.Password.Copy(), e.Metadata) : null);
            }
        }

        public Task RemoveSecretAsync(string vaultName, string secretName, CancellationToken ct)
        {
            Log("Remove " + vaultName + "/" + secretName);
            lock (gate)
            {
                if (!Vault(vaultName).Remove(secretName)) throw new InvalidOperationException("The secret " + secretName + " was not found.");
                return Task.FromResult(0);
            }
        }
    }
}
