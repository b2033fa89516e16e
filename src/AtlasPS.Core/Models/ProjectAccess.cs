using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>One principal's access to one project.</summary>
    public sealed class ProjectAccess
    {
        public string ProjectId { get; set; } = "";
        public PrincipalType PrincipalType { get; set; }
        public string? ApiKeyId { get; set; }
        public string? PublicKey { get; set; }
        public string? ClientId { get; set; }
        public string? Name { get; set; }
        public string[] Roles { get; set; } = Array.Empty<string>();
        public override string ToString() => (ApiKeyId ?? ClientId) + "@" + ProjectId + ": " + string.Join(",", Roles);
    }
}
