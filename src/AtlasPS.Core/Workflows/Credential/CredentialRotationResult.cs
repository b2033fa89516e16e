using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS
{
    /// <summary>The outcome of Update-AtlasCredential. Never carries a secret.</summary>
    public sealed class CredentialRotationResult
    {
        internal CredentialRotationResult() { }
        public CredentialKind Kind { get; internal set; }
        public string OrganizationId { get; internal set; } = "";
        /// <summary>API keys: the new key's id. Service accounts: the client id (unchanged).</summary>
        public string CredentialId { get; internal set; } = "";
        /// <summary>The new public key, or the client id.</summary>
        public string Identity { get; internal set; } = "";
        /// <summary>API keys: the replaced key's id. Service accounts: the client id.</summary>
        public string PreviousCredentialId { get; internal set; } = "";
        /// <summary>Service accounts: the new secret's id.</summary>
        public string? SecretId { get; internal set; }
        /// <summary>Service accounts: when the new secret expires.</summary>
        public DateTimeOffset? ExpiresAt { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>"vault/name".</summary>
        public string StoredIn { get; internal set; } = "";
        /// <summary>True when a call signed in with the new credential succeeded.</summary>
        public bool Proven { get; internal set; }
        /// <summary>The old key id or old secret ids that were deleted.</summary>
        public string[] DeletedIds { get; internal set; } = Array.Empty<string>();
        /// <summary>The old key id or old secret ids that still work (KeepPrevious).</summary>
        public string[] KeptIds { get; internal set; } = Array.Empty<string>();
        public string[] Warnings { get; internal set; } = Array.Empty<string>();
        public override string ToString() => $"{Kind} {Identity} -> {StoredIn}";
    }
}
