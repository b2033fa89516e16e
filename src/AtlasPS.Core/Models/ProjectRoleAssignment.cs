using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>A role granted in one project.</summary>
    public sealed class ProjectRoleAssignment
    {
        public string ProjectId { get; set; } = "";
        public string[] Roles { get; set; } = Array.Empty<string>();
        public override string ToString() => ProjectId + ": " + string.Join(",", Roles);
    }
}
