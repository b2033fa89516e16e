using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists the organizations the credential sees (optionally only those whose name matches -Name wildcards), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasOrganization", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(Organization))]
    public sealed class GetAtlasOrganizationCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ByIdSet = "ById";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string[] OrganizationId { get; set; } = Array.Empty<string>();

        [Parameter(Position = 0, ParameterSetName = AllSet)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in OrganizationId)
                {
                    try { WriteObject(Run(ct => OrganizationWorkflows.GetByIdAsync(connection, id, ct))); }
                    catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, id, "Organization"); }
                }
                return;
            }
            var paging = new PagingAdapter(this);
            try
            {
                var check = new ExactNameCheck(Name, paging.ReadsAll);
                WriteAll(OrganizationWorkflows.ListAsync(connection, Name, paging.Request, CancellationToken), o => { check.Observe(o.Name); return o; });
                foreach (var missing in check.NotFound("Organization", "organization", "name", "Get-AtlasOrganization")) WriteAtlasError(missing, null, "Organization");
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, null, "Organization"); }
            paging.WriteTotal(this);
        }
    }
}
