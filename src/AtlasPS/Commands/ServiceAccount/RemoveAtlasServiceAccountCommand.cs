using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Deletes a service account from the organization: all its secrets stop working at once.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlasServiceAccount", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlasServiceAccountCommand : AtlasApiCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        [Parameter(ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            try
            {
                if (!ShouldProcess("service account " + ClientId + " (all its secrets stop working)", "Delete")) return;
                Run(ct => ServiceAccountWorkflows.DeleteAsync(connection, OrganizationId, ClientId, ct));
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, ClientId, "ServiceAccount"); }
        }
    }
}
