using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Deletes an organization API key; it also leaves every project it was assigned to.</summary>
    [Cmdlet(VerbsCommon.Remove, "AtlasApiKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlasApiKeyCommand : AtlasApiCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (!ShouldProcess($"API key {ApiKeyId}", "Delete the API key; it also leaves every project it is assigned to, and anything using it stops working")) return;
            try { Run(ct => ApiKeyWorkflows.RemoveAsync(connection, OrganizationId, ApiKeyId, ct)); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, ApiKeyId, "ApiKey"); }
        }
    }
}
