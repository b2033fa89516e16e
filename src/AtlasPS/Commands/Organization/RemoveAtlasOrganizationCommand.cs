using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Deletes an organization (Atlas refuses while it still has projects).</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlasOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlasOrganizationCommand : AtlasApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string OrganizationId { get; set; } = "";

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (!ShouldProcess($"Atlas organization {OrganizationId}", "Delete the organization (it must have no projects left)")) return;
            try { Run(ct => OrganizationWorkflows.RemoveAsync(connection, OrganizationId, ct)); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, OrganizationId, "Organization"); }
        }
    }
}
