using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// A credential Atlas has just created and shown once: what to store, what to write as metadata, and how to
    /// delete it again in Atlas if it cannot be stored. Built by <see cref="AtlasHandoffs"/> for API keys, service
    /// accounts and service-account secrets; the hand-off itself knows nothing about Atlas.
    /// </summary>
    public sealed class NewCredential
    {
        public NewCredential(string credentialId, string identity, SecureString secret, string description,
            Func<CancellationToken, Task> rollback)
        {
            if (string.IsNullOrWhiteSpace(credentialId)) throw new ArgumentException("The credential id is empty.", nameof(credentialId));
            if (string.IsNullOrWhiteSpace(identity)) throw new ArgumentException("The identity is empty.", nameof(identity));
            CredentialId = credentialId;
            Identity = identity;
            Secret = secret ?? throw new ArgumentNullException(nameof(secret));
            Description = description ?? "";
            Rollback = rollback ?? throw new ArgumentNullException(nameof(rollback));
        }

        /// <summary>The id to name in messages: API key id, client id, or secret id. Never the secret.</summary>
        public string CredentialId { get; }
        /// <summary>The stored user name: public key or client id.</summary>
        public string Identity { get; }
        /// <summary>The one-time secret (private key or client secret).</summary>
        public SecureString Secret { get; }
        /// <summary>For messages: "API key 5f3a... (public key abcdefgh)".</summary>
        public string Description { get; }
        /// <summary>Deletes the just-created credential in Atlas (used when it cannot be stored).</summary>
        public Func<CancellationToken, Task> Rollback { get; }
        /// <summary>Non-secret metadata (string, int or DateTime values); see <see cref="CredentialMetadata"/>.</summary>
        public IReadOnlyDictionary<string, object> Metadata { get; set; } = new Dictionary<string, object>();
        /// <summary>What <see cref="Rollback"/> deletes, for messages: the credential itself, or e.g. the whole new organization.</summary>
        public string DeletedOnRollback { get => deletedOnRollback ?? Description; set => deletedOnRollback = value; }
        private string? deletedOnRollback;
        /// <summary>The remedy to name when the credential could be neither stored nor deleted, e.g. "Remove-AtlasApiKey -ApiKeyId x".</summary>
        public string? RemoveCommand { get; set; }

        public override string ToString() => Description.Length > 0 ? Description : CredentialId;
    }
}
