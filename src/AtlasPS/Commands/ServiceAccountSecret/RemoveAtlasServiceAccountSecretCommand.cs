using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Deletes one client secret of a service account; tokens can no longer be requested with it.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlasServiceAccountSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlasServiceAccountSecretCommand : AtlasApiCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        public string SecretId { get; set; } = "";

        [Parameter(ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            try
            {
                if (!ShouldProcess($"secret {SecretId} of service account {ClientId}", "Delete secret")) return;
                Run(ct => ServiceAccountSecretWorkflows.RemoveAsync(connection, OrganizationId, ClientId, SecretId, ct));
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, SecretId, "ServiceAccountSecret"); }
        }
    }
}
