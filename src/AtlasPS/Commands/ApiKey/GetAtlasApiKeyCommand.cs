using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists the organization's API keys, or gets them by id, public key ; -Description filters the list with wildcards.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasApiKey", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(ApiKey))]
    public sealed class GetAtlasApiKeyCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ByIdSet = "ById";
        public const string ByPublicKeySet = "ByPublicKey";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string[] ApiKeyId { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = ByPublicKeySet)]
        public string[] PublicKey { get; set; } = Array.Empty<string>();

        [Parameter(Position = 0, ParameterSetName = AllSet)]
        [SupportsWildcards]
        public string[]? Description { get; set; }

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in ApiKeyId)
                {
                    try { WriteObject(Run(ct => ApiKeyWorkflows.GetByIdAsync(connection, OrganizationId, id, ct))); }
                    catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, id, "ApiKey"); }
                }
                return;
            }
            if (ParameterSetName == ByPublicKeySet)
            {
                foreach (var pk in PublicKey)
                {
                    try { WriteObject(Run(ct => ApiKeyWorkflows.GetByPublicKeyAsync(connection, OrganizationId, pk, ct))); }
                    catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, pk, "ApiKey"); }
                }
                return;
            }
            var paging = new PagingAdapter(this);
            try
            {
                var check = new ExactNameCheck(Description, paging.ReadsAll);
                WriteAll(ApiKeyWorkflows.ListAsync(connection, OrganizationId, null, Description, paging.Request, CancellationToken), k => { check.Observe(k.Description); return k; });
                foreach (var missing in check.NotFound("ApiKey", "API key", "description", "Get-AtlasApiKey")) WriteAtlasError(missing, null, "ApiKey");
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, OrganizationId, "ApiKey"); }
            paging.WriteTotal(this);
        }
    }
}
