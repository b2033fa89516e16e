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
    public sealed class ProjectsClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal ProjectsClient(AtlasHttp http) { this.http = http; api = http.Api; }

        /// <summary>The projects of one organization.</summary>
        public async IAsyncEnumerable<Project> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<Group>(http, (n, size, count, t) => api.GetOrgGroups(orgId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return g.ToModel();
        }

        /// <summary>Every project the credential can see, across organizations.</summary>
        public async IAsyncEnumerable<Project> ListAllAsync(PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<Group>(http, (n, size, count, t) => api.ListGroups(n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return g.ToModel();
        }

        public async Task<Project> GetAsync(string projectId, CancellationToken ct = default) =>
            (await api.GetGroup(projectId, ct).ConfigureAwait(false)).ToModel();
    }
}
