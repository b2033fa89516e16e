using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// The TargetObject of AtlasSecretStoreAndRollbackFailed and (without -Vault) AtlasCreationRollbackFailed: a credential
    /// that exists in Atlas but is stored nowhere. It holds the secret as a SecureString so that nothing is lost; ToString() never shows it.
    /// </summary>
    public sealed class UnstoredCredential
    {
        internal UnstoredCredential(string credentialId, string identity, SecureString secret, string description, string vaultName, string secretName)
        {
            CredentialId = credentialId; Identity = identity; Secret = secret; Description = description; VaultName = vaultName; SecretName = secretName;
        }
        public string CredentialId { get; }
        /// <summary>Public key or client id: the user name of the credential.</summary>
        public string Identity { get; }
        /// <summary>The private key or client secret.</summary>
        public SecureString Secret { get; }
        public string Description { get; }
        /// <summary>Where it should have gone.</summary>
        public string VaultName { get; }
        public string SecretName { get; }
        public override string ToString() => Description + " (not stored; the secret is in the Secret property)";
    }
}
