using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists the organization's projects (optionally only those whose name matches -Name wildcards), or gets them by id.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasProject", DefaultParameterSetName = AllSet, SupportsPaging = true)]
    [OutputType(typeof(Project))]
    public sealed class GetAtlasProjectCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ByIdSet = "ById";

        [Parameter(Mandatory = true, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[] ProjectId { get; set; } = Array.Empty<string>();

        [Parameter(Position = 0, ParameterSetName = AllSet)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ParameterSetName = AllSet, ValueFromPipelineByPropertyName = true)]
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
                var check = new ExactNameCheck(Name, paging.ReadsAll);
                WriteAll(ProjectWorkflows.ListAsync(connection, OrganizationId, Name, paging.Request, CancellationToken), p => { check.Observe(p.Name); return p; });
                foreach (var missing in check.NotFound("Project", "project", "name", "Get-AtlasProject")) WriteAtlasError(missing, null, "Project");
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, OrganizationId, "Project"); }
            paging.WriteTotal(this);
        }
    }
}
