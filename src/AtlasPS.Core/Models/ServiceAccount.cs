using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An organization service account (OAuth client).</summary>
    public sealed class ServiceAccount
    {
        public string ClientId { get; set; } = "";
        public string OrgId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        /// <summary>Organization roles, or project roles when read through a project.</summary>
        public string[] Roles { get; set; } = Array.Empty<string>();
        /// <summary>Set when the account was read through a project (-ProjectId).</summary>
        public string? ProjectId { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public ServiceAccountSecret[] Secrets { get; set; } = Array.Empty<ServiceAccountSecret>();
        /// <summary>Where the first secret was stored, when a vault took it.</summary>
        public string? StoredIn { get; set; }
        public override string ToString() => Name + " (" + ClientId + ")";
    }
}
