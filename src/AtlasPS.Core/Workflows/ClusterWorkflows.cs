using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Clusters per project, for inventory and cost tools.</summary>
    public static class ClusterWorkflows
    {
        public static async IAsyncEnumerable<Cluster> ListClustersAsync(AtlasConnection connection, string? projectId, PageRequest? paging = null,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            string project = connection.RequireProjectId(projectId);
            await foreach (var c in connection.Client.Clusters.ListAsync(project, paging, ct).ConfigureAwait(false))
                yield return c;
        }

        /// <summary>
        /// The clusters of many projects, at most ThrottleLimit projects at once; results per project in input order, a failing
        /// project (no access, not found) reported alone. With no projects given: every project of the organization.
        /// </summary>
        public static async Task<IReadOnlyList<ItemResult<string, IReadOnlyList<Cluster>>>> ListClustersOfProjectsAsync(AtlasConnection connection,
            string? orgId, IEnumerable<string>? projectIds, int throttleLimit = ServiceAccountWorkflows.DefaultThrottleLimit, CancellationToken ct = default)
        {
            ServiceAccountWorkflows.ValidateThrottleLimit(throttleLimit);
            var projects = (projectIds ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (projects.Count == 0)
            {
                string org = connection.RequireOrganizationId(orgId);
                await foreach (var p in connection.Client.Projects.ListAsync(org, null, ct).ConfigureAwait(false))
                {
                    connection.Known.Remember("project", p.Id, p.Name);
                    projects.Add(p.Id);
                }
            }
            return await FanOut.RunAsync<string, IReadOnlyList<Cluster>>(projects, throttleLimit, async (p, c) =>
            {
                var list = new List<Cluster>();
                await foreach (var cl in connection.Client.Clusters.ListAsync(p, null, c).ConfigureAwait(false)) list.Add(cl);
                return list;
            }, ct).ConfigureAwait(false);
        }
    }
}
