using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>What New-AtlasApiKey was asked for, before validation.</summary>
    public sealed class NewApiKeyRequest
    {
        public string? OrganizationId { get; set; }
        public string? Description { get; set; }
        public IEnumerable<string>? Roles { get; set; }
        /// <summary>Addresses and CIDR blocks for the key's access list (added in one POST).</summary>
        public IEnumerable<string>? AccessList { get; set; }
        /// <summary>Projects to assign the key to, each with ProjectRoles.</summary>
        public IEnumerable<string>? ProjectIds { get; set; }
        public IEnumerable<string>? ProjectRoles { get; set; }
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;
    }
}
