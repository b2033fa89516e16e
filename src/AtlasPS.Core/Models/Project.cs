using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An Atlas project (the API calls it a group).</summary>
    public sealed class Project
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string OrgId { get; set; } = "";
        public long ClusterCount { get; set; }
        public DateTimeOffset? Created { get; set; }
        /// <summary>Alias-friendly duplicate so that `Get-AtlasProject | X -ProjectId` binds by property name.</summary>
        public string ProjectId => Id;
        public override string ToString() => Name;
    }
}
