using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Renames an organization.</summary>
    [Cmdlet(VerbsCommon.Set, "AtlasOrganization", SupportsShouldProcess = true)]
    [OutputType(typeof(Organization))]
    public sealed class SetAtlasOrganizationCommand : AtlasApiCmdlet
    {
        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            string id;
            try { id = connection.RequireOrganizationId(OrganizationId); }
            catch (AtlasValidationException ex) { WriteAtlasError(ex, OrganizationId, "Organization"); return; }
            if (!ShouldProcess($"Atlas organization {id}", $"Rename to '{Name}'")) return;
            try { WriteObject(Run(ct => OrganizationWorkflows.RenameAsync(connection, id, Name, ct))); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, id, "Organization"); }
        }
    }
}
