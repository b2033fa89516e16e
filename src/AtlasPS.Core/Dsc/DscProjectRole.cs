using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>One project assignment of a DSC resource: ProjectId or ProjectName, and the exact project roles.</summary>
    public sealed class DscProjectRole
    {
        public string? ProjectId { get; set; }
        public string? ProjectName { get; set; }
        public string[]? Roles { get; set; }
        public override string ToString() => (ProjectId ?? ProjectName ?? "") + ": " + string.Join(",", Roles ?? Array.Empty<string>());
    }
}
