using System;
using System.Collections.Generic;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Gets the clusters of projects. Projects given by -ProjectId or piped in are read at most -ThrottleLimit at once
    /// once input ends; with no project at all, every project of the organization is read.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasCluster", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(Cluster))]
    public sealed class GetAtlasClusterCommand : AtlasApiCmdlet
    {
        public const string DefaultSet = "Default";
        private readonly List<string> projects = new List<string>();

        [Parameter(Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        public int ThrottleLimit { get; set; } = ServiceAccountWorkflows.DefaultThrottleLimit;

        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            if (ProjectId != null) projects.AddRange(ProjectId);
        }

        protected override void EndProcessing()
        {
            var connection = ActiveConnection;
            IReadOnlyList<ItemResult<string, IReadOnlyList<Cluster>>> results;
            try { results = Run(ct => ClusterWorkflows.ListClustersOfProjectsAsync(connection, OrganizationId, projects, ThrottleLimit, ct)); }
            catch (PipelineStoppedException) { throw; }
            catch (Exception ex) { ThrowAtlasError(ex, OrganizationId, "Project"); return; }
            foreach (var r in results)
            {
                if (r.Error != null) WriteAtlasError(r.Error, r.Input, "Project");
                else foreach (var c in r.Value!) WriteObject(c);
            }
        }
    }
}
