using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>What New-AtlasServiceAccount was asked for, before validation.</summary>
    public sealed class NewServiceAccountRequest
    {
        public string? OrganizationId { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public IEnumerable<string>? Roles { get; set; }
        public int SecretExpiresAfterHours { get; set; }
        /// <summary>Addresses and CIDR blocks for the account's API access list (POSTed in chunks of 200).</summary>
        public IEnumerable<string>? AccessList { get; set; }
        /// <summary>Projects to invite the account into, each with ProjectRoles.</summary>
        public IEnumerable<string>? ProjectIds { get; set; }
        public IEnumerable<string>? ProjectRoles { get; set; }
        public int ThrottleLimit { get; set; } = ServiceAccountWorkflows.DefaultThrottleLimit;
    }
}
