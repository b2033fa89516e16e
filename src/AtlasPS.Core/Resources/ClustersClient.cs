using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Wire;

// Typed resource clients: one method per operation, deliberately boring so that it reads like the spec.
// Input validation (ids, roles, addresses) happens in AtlasPS.Core.Validation before these are called.
namespace AtlasPS.Core.Resources
{
    public sealed class ClustersClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal ClustersClient(AtlasHttp http) { this.http = http; api = http.Api; }

        public async IAsyncEnumerable<Cluster> ListAsync(string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var c in Pager.PageAsync<ClusterDescription>(http, (n, size, count, t) => api.ListGroupClusters(projectId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return c.ToModel(projectId);
        }
    }
}
