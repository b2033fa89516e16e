using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// An access audit of one organization: one object per API key and service account with roles, projects, access
    /// list, last use, secret expiry and Findings. Few requests: two lists, then per principal its access list (and a
    /// service account's projects), at most -ThrottleLimit at once.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasAccessReport", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(AccessReportEntry))]
    public sealed class GetAtlasAccessReportCommand : AtlasApiCmdlet
    {
        private const string DefaultSet = "Default";

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ParameterSetName = DefaultSet, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        /// <summary>Principals whose latest recorded use is at least this many days old get the UnusedForDays finding.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateRange(1, AccessReportWorkflows.MaxUnusedDays)]
        public int UnusedDays { get; set; } = AccessReportWorkflows.DefaultUnusedDays;

        /// <summary>Service accounts with a valid secret expiring within this many days get SecretExpiringSoon.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateRange(0.0, 3650.0)]
        public double ExpiringWithinDays { get; set; } = AccessReportWorkflows.DefaultExpiringWithinDays;

        /// <summary>Only API keys, or only service accounts (default: both).</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        public PrincipalType[]? PrincipalType { get; set; }

        /// <summary>Per-principal requests in flight at once.</summary>
        [Parameter(ParameterSetName = DefaultSet)]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            var options = new AccessReportOptions
            {
                UnusedDays = UnusedDays, ExpiringWithinDays = ExpiringWithinDays, ThrottleLimit = ThrottleLimit,
                PrincipalType = PrincipalType is { Length: 1 } ? PrincipalType[0] : (AtlasPS.PrincipalType?)null,
            };
            try
            {
                options.OrganizationId = connection.RequireOrganizationId(OrganizationId);
                var report = Run(ct => AccessReportWorkflows.GetAsync(connection.Client, options, ct));
                foreach (var entry in report) WriteObject(entry);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, OrganizationId, "Organization"); }
        }
    }
}
