using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Dsc;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Dsc
{
    /// <summary>What Get/Test/Set of a DSC resource found (no secret in it). The PowerShell class copies it.</summary>
    public sealed class AtlasDscResult
    {
        public bool InDesiredState { get; internal set; }
        public string Ensure { get; internal set; } = "Absent";
        /// <summary>ApiKey id or client id of the one matching credential.</summary>
        public string? Id { get; internal set; }
        public string? PublicKey { get; internal set; }
        public string? Description { get; internal set; }
        public string[]? Roles { get; internal set; }
        public string[]? AccessList { get; internal set; }
        /// <summary>Project id → roles (as hashtables with ProjectId and Roles).</summary>
        public Hashtable[]? ProjectRoles { get; internal set; }
        public DateTimeOffset? NewestSecretExpiresAt { get; internal set; }
        public PlanReason[] Reasons { get; internal set; } = Array.Empty<PlanReason>();
        public List<string> Verbose { get; } = new List<string>();
        public List<string> Warnings { get; } = new List<string>();
    }
}
