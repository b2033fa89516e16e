using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// A secret store that can hold a credential (user name + SecureString) under a name in a named vault.
    /// In the module this is SecretManagement (AtlasPS.SecretManagementVault); in tests an in-memory vault.
    /// Implementations may complete synchronously. They report failures by throwing; the messages must never
    /// contain a secret.
    /// </summary>
    public interface ISecretVault
    {
        /// <summary>False when the vault software itself is missing (SecretManagement not installed).</summary>
        bool IsAvailable { get; }

        /// <summary>Is the vault registered, and can it be used now (unlocked, reachable)?</summary>
        Task<SecretVaultStatus> TestVaultAsync(string vaultName, CancellationToken ct);

        /// <summary>True when a secret of exactly this name exists in the vault.</summary>
        Task<bool> SecretExistsAsync(string vaultName, string secretName, CancellationToken ct);

        /// <summary>
        /// Stores a credential (a PSCredential in SecretManagement) WITHOUT metadata. With overwrite false it must
        /// refuse to replace an existing secret (Set-Secret -NoClobber).
        /// </summary>
        Task SetCredentialAsync(string vaultName, string secretName, string userName, SecureString secret, bool overwrite, CancellationToken ct);

        /// <summary>
        /// Replaces the secret's metadata (Set-SecretInfo). Values are string, int or DateTime only.
        /// Best effort: may throw (NotSupportedException when the vault has no metadata support); callers only warn.
        /// </summary>
        Task SetMetadataAsync(string vaultName, string secretName, IReadOnlyDictionary<string, object> metadata, CancellationToken ct);

        /// <summary>The stored credential and its metadata (empty when the vault has none), or null when there is no such secret.</summary>
        Task<StoredCredential?> GetCredentialAsync(string vaultName, string secretName, CancellationToken ct);

        /// <summary>Removes the secret (Remove-Secret).</summary>
        Task RemoveSecretAsync(string vaultName, string secretName, CancellationToken ct);
    }
}
