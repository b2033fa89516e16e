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

    public enum SecretVaultState
    {
        /// <summary>Registered and usable now.</summary>
        Ready,
        /// <summary>No vault of that name is registered.</summary>
        NotRegistered,
        /// <summary>Registered, but locked, unreachable or failing its own test.</summary>
        Unavailable,
    }

    /// <summary>The answer of <see cref="ISecretVault.TestVaultAsync"/>.</summary>
    public sealed class SecretVaultStatus
    {
        public SecretVaultStatus(string vaultName, SecretVaultState state, string? detail = null)
        {
            VaultName = vaultName; State = state; Detail = detail;
        }
        public string VaultName { get; }
        public SecretVaultState State { get; }
        /// <summary>What the vault said (its error text), for the message to the user. Never a secret.</summary>
        public string? Detail { get; }
        public override string ToString() => VaultName + ": " + State + (Detail is null ? "" : " (" + Detail + ")");
    }

    /// <summary>
    /// A secret read from a vault: the user name (public key or client id) and the password (private key or
    /// client secret), as a PSCredential would hold them, plus the vault's metadata (empty when none).
    /// UserName is null when the secret was stored as a bare SecureString or string rather than a PSCredential.
    /// </summary>
    public sealed class StoredCredential
    {
        public StoredCredential(string? userName, SecureString password, IReadOnlyDictionary<string, object>? metadata = null)
        {
            UserName = userName;
            Password = password ?? throw new ArgumentNullException(nameof(password));
            Metadata = metadata ?? new Dictionary<string, object>();
        }
        public string? UserName { get; }
        public SecureString Password { get; }
        public IReadOnlyDictionary<string, object> Metadata { get; }
        public override string ToString() => UserName ?? "(no user name)";
    }

    /// <summary>
    /// A vault-level failure with a stable error id and a real category (NotInstalled, ObjectNotFound,
    /// ResourceUnavailable, ResourceExists, InvalidData). Raised before anything is created in Atlas, or when
    /// reading a stored credential back.
    /// </summary>
    public sealed class AtlasVaultException : Exception
    {
        public AtlasVaultException(string errorId, AtlasErrorCategory category, string message, string? vaultName = null, string? secretName = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId; Category = category; VaultName = vaultName; SecretName = secretName;
        }
        public string ErrorId { get; }
        public AtlasErrorCategory Category { get; }
        public string? VaultName { get; }
        public string? SecretName { get; }
    }
}
