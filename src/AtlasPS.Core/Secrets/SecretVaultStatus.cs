using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
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
}
