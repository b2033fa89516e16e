using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;

namespace AtlasPS.Core.Workflows
{
    /// <summary>What Get-AtlasAccessReport was asked for.</summary>
    public sealed class AccessReportOptions
    {
        public string? OrganizationId { get; set; }
        /// <summary>A principal whose latest recorded use is older than this many days gets UnusedForDays.</summary>
        public int UnusedDays { get; set; } = AccessReportWorkflows.DefaultUnusedDays;
        /// <summary>A service account with a valid secret expiring within this many days gets SecretExpiringSoon.</summary>
        public double ExpiringWithinDays { get; set; } = AccessReportWorkflows.DefaultExpiringWithinDays;
        /// <summary>Only this kind of principal (null: both).</summary>
        public PrincipalType? PrincipalType { get; set; }
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;
        /// <summary>"Now" for the day thresholds (tests).</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
    }
}
