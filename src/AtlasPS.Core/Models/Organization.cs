using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An Atlas organization.</summary>
    public sealed class Organization
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public bool IsDeleted { get; set; }
        /// <summary>The organization id again, so that pipelines bind -OrganizationId by property name.</summary>
        public string OrgId => Id;
        public override string ToString() => Name;
    }
}
