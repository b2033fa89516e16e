using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Projects of the organization: list/find by id or name wildcards.</summary>
    public static class ProjectWorkflows
    {
        public const string KnownKind = "project";

        public static async Task<Project> GetByIdAsync(AtlasConnection connection, string projectId, CancellationToken ct = default)
        {
            var p = await connection.Client.Projects.GetAsync(AtlasInput.ProjectId(projectId), ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, p.Id, p.Name);
            return p;
        }

        public static async IAsyncEnumerable<Project> ListAsync(AtlasConnection connection, string? organizationId, IReadOnlyList<string>? namePatterns = null,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            var patterns = namePatterns is { Count: > 0 } ? namePatterns.Select(p => new AtlasWildcard(p)).ToList() : null;
            long skip = patterns != null ? paging?.Skip ?? 0 : 0;
            long first = patterns != null ? paging?.First ?? long.MaxValue : long.MaxValue;
            await foreach (var p in connection.Client.Projects.ListAsync(org, patterns != null ? null : paging, ct).ConfigureAwait(false))
            {
                connection.Known.Remember(KnownKind, p.Id, p.Name);
                if (patterns != null && !AtlasWildcard.MatchesAny(patterns, p.Name)) continue;
                if (skip > 0) { skip--; continue; }
                if (first-- <= 0) yield break;
                yield return p;
            }
        }
    }
}
