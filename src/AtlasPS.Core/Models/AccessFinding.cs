using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace AtlasPS
{
    /// <summary>The stable finding codes of <see cref="AccessReportEntry.FindingCodes"/>.</summary>
    public static class AccessFinding
    {
        public const string NoAccessList = "NoAccessList";
        public const string OpenToWorld = "OpenToWorld";
        public const string OwnerRole = "OwnerRole";
        public const string UnusedForDays = "UnusedForDays";
        public const string NeverUsed = "NeverUsed";
        public const string SecretExpiringSoon = "SecretExpiringSoon";
        public const string SecretExpired = "SecretExpired";
        public const string Incomplete = "Incomplete";
    }
}
