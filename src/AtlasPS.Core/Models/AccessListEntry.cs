using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>One entry of an API key's or service account's IP access list.</summary>
    public sealed class AccessListEntry
    {
        public PrincipalType PrincipalType { get; set; }
        public string OrgId { get; set; } = "";
        /// <summary>The API key id (PrincipalType ApiKey), else null.</summary>
        public string? ApiKeyId { get; set; }
        /// <summary>The service account client id (PrincipalType ServiceAccount), else null.</summary>
        public string? ClientId { get; set; }
        /// <summary>A single address, when the entry is one.</summary>
        public string? IpAddress { get; set; }
        /// <summary>The CIDR block (Atlas reports one for single addresses too, as /32 or /128).</summary>
        public string CidrBlock { get; set; } = "";
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset? LastUsed { get; set; }
        public string? LastUsedAddress { get; set; }
        public long? RequestCount { get; set; }
        /// <summary>True for 0.0.0.0/0 and ::/0: the whole internet.</summary>
        public bool IsOpenToWorld => CidrBlock == "0.0.0.0/0" || CidrBlock == "::/0";
        /// <summary>The value to address the entry by: the IP address when single, else the CIDR block.</summary>
        public string Entry => IpAddress ?? CidrBlock;
        public override string ToString() => Entry;
    }
}
