using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Dsc
{
    /// <summary>What the AtlasServiceAccount DSC resource was given (key properties: OrganizationId and Name).</summary>
    public sealed class ServiceAccountDesiredState : DscPrincipalDesiredState
    {
        public string? Name { get; set; }
        /// <summary>Null: not managed.</summary>
        public string? Description { get; set; }
        /// <summary>Lifetime of a secret Set creates (the account's first one, or a rotated one). 0: 720 hours (30 days).</summary>
        public int SecretExpiresAfterHours { get; set; }
        /// <summary>When the newest secret expires within this many days, Test is false and Set adds a new secret. 0: not managed.</summary>
        public double RotateWhenExpiringWithinDays { get; set; }
    }
}
