using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>Project changes of a plan.</summary>
    public sealed class ProjectChanges
    {
        public Dictionary<string, string[]> Assign { get; } = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        public Dictionary<string, (string[] Desired, string[] Actual)> SetRoles { get; } = new Dictionary<string, (string[], string[])>(StringComparer.OrdinalIgnoreCase);
        public List<string> Remove { get; } = new List<string>();
        public bool IsEmpty => Assign.Count == 0 && SetRoles.Count == 0 && Remove.Count == 0;
    }
}
