using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists a service account's client secrets (masked), optionally only those expiring within N days.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasServiceAccountSecret", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ServiceAccountSecret))]
    public sealed class GetAtlasServiceAccountSecretCommand : AtlasApiCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        [Parameter(ParameterSetName = DefaultSet)]
        public double? ExpiringWithinDays { get; set; }

        [Parameter(ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        /// <summary>-ExpiringWithinDays is not piped: a bad value is reported once, before any input, and nothing is read.</summary>
        protected override void BeginProcessing()
        {
            if (!ExpiringWithinDays.HasValue) return;
            try { ServiceAccountSecretWorkflows.ValidateExpiringWithinDays(ExpiringWithinDays.Value); }
            catch (System.Exception ex) { ThrowAtlasError(ex, ExpiringWithinDays, "ServiceAccountSecret"); }
        }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            try
            {
                foreach (var s in Run(ct => ServiceAccountSecretWorkflows.GetAsync(connection, OrganizationId, ClientId, ExpiringWithinDays, ct)))
                    WriteObject(s);
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, ClientId, "ServiceAccount"); }
        }
    }
}
