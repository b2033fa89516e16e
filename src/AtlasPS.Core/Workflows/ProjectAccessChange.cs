using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The outcome for one project of a Grant/Set/Revoke fan-out.</summary>
    public sealed class ProjectAccessChange
    {
        public string ProjectId { get; internal set; } = "";
        /// <summary>The principal's access after the change; null when it was unassigned or the change failed.</summary>
        public ProjectAccess? Access { get; internal set; }
        /// <summary>True when the principal was removed from the project.</summary>
        public bool Removed { get; internal set; }
        public Exception? Error { get; internal set; }
        public bool Succeeded => Error is null;
    }
}
