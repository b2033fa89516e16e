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
    /// <summary>The documented project roles (others are accepted and sent as typed).</summary>
    public sealed class ProjectRoleCompleter : FixedListCompleter
    {
        protected override IEnumerable<string> Values => AtlasInput.KnownProjectRoles;
    }
}
