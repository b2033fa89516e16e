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
    /// <summary>What the AtlasApiKey DSC resource was given (its key properties are OrganizationId and Description).</summary>
    public sealed class ApiKeyDesiredState : DscPrincipalDesiredState
    {
        public string? Description { get; set; }
    }
}
