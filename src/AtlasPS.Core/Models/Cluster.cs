using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>A cluster, as an inventory or cost tool sees it.</summary>
    public sealed class Cluster
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string? ClusterType { get; set; }
        public string? StateName { get; set; }
        public string? MongoDBVersion { get; set; }
        public bool Paused { get; set; }
        public DateTimeOffset? CreateDate { get; set; }
        public string? ProviderName { get; set; }
        public string? InstanceSize { get; set; }
        public string? RegionName { get; set; }
        public override string ToString() => Name;
    }
}
