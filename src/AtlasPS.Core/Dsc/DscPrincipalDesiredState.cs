using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>The properties both resources share: access list (exact, or include/exclude) and project roles.</summary>
    public abstract class DscPrincipalDesiredState
    {
        public string? OrganizationId { get; set; }
        public DscEnsure Ensure { get; set; } = DscEnsure.Present;
        /// <summary>Organization roles, exact set. Null: not managed.</summary>
        public string[]? Roles { get; set; }
        /// <summary>Exact access list: entries not listed are removed. Null: not managed (see include/exclude).</summary>
        public string[]? AccessList { get; set; }
        public string[]? AccessListToInclude { get; set; }
        public string[]? AccessListToExclude { get; set; }
        /// <summary>Exact project assignments: projects not listed lose the principal. Null: not managed.</summary>
        public DscProjectRole[]? ProjectRoles { get; set; }
        /// <summary>Where the secret of a credential that Set creates goes.</summary>
        public string? VaultName { get; set; }
        public string? SecretName { get; set; }
    }
}
