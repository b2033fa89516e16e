using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists the organization's projects, or gets them by id, or finds them by name (wildcards).</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasProject", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(Project))]
    public sealed class GetAtlasProjectCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ByIdSet = "ById";
        public const string ByNameSet = "ByName";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[] ProjectId { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
        [SupportsWildcards]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ParameterSetName = AllSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in ProjectId)
                {
                    try { WriteObject(Run(ct => ProjectWorkflows.GetByIdAsync(connection, id, ct))); }
                    catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, id, "Project"); }
                }
                return;
            }
            var paging = new PagingAdapter(this);
            try
            {
                WriteAll(ProjectWorkflows.ListAsync(connection, OrganizationId, ParameterSetName == ByNameSet ? Name : null, paging.Request, CancellationToken));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, OrganizationId, "Project"); }
            paging.WriteTotal(this);
        }
    }
}
