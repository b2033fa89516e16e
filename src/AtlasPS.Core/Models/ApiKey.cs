using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An organization API key (programmatic API key).</summary>
    public sealed class ApiKey
    {
        public string Id { get; set; } = "";
        public string OrgId { get; set; } = "";
        public string PublicKey { get; set; } = "";
        public string Description { get; set; } = "";
        /// <summary>Organization roles (ORG_*).</summary>
        public string[] Roles { get; set; } = Array.Empty<string>();
        /// <summary>Project roles, one entry per project the key is assigned to.</summary>
        public ProjectRoleAssignment[] ProjectRoles { get; set; } = Array.Empty<ProjectRoleAssignment>();
        /// <summary>The private key as Atlas shows it after creation (redacted). Never the secret.</summary>
        public string? MaskedPrivateKey { get; set; }
        /// <summary>The one-time private key: only set on the object returned at creation, and only when no vault took it.</summary>
        public SecureString? PrivateKey { get; set; }
        /// <summary>Where the private key was stored, when a vault took it (e.g. "SecretStore/atlas-ci").</summary>
        public string? StoredIn { get; set; }
        /// <summary>The key id again: it binds -ApiKeyId by property name (no command binds a bare Id, which every kind has).</summary>
        public string ApiKeyId => Id;
        public override string ToString() => PublicKey + " (" + Description + ")";
    }
}
