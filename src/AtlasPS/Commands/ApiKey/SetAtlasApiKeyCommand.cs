using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Changes an API key's description and/or organization roles (roles replace the old set).</summary>
    [Cmdlet(VerbsCommon.Set, "AtlasApiKey", SupportsShouldProcess = true)]
    [OutputType(typeof(ApiKey))]
    public sealed class SetAtlasApiKeyCommand : AtlasApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[]? Role { get; set; }

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            string change = (Description is null ? "" : $"description '{Description}'") + (Description != null && Role != null ? " and " : "")
                + (Role is null ? "" : "roles " + string.Join(", ", Role) + " (replacing the current roles)");
            if (!ShouldProcess($"API key {ApiKeyId}", "Set " + change)) return;
            try { WriteObject(Run(ct => ApiKeyWorkflows.UpdateAsync(connection, OrganizationId, ApiKeyId, Description, Role, ct))); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, ApiKeyId, "ApiKey"); }
        }
    }
}
