using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Completers
{
    /// <summary>The seven organization roles.</summary>
    public sealed class OrganizationRoleCompleter : FixedListCompleter
    {
        protected override IEnumerable<string> Values => AtlasInput.OrganizationRoles;
    }
}
