using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// A service account as a principal: access list and project access belong to the account in its organization
    /// (<see cref="OrganizationId"/>, null = the connection's). Project changes read the account's projects once.
    /// </summary>
    public sealed class ServiceAccountPrincipal : IPrincipalAccess
    {
        internal ServiceAccountPrincipal(string clientId, string? organizationId) { Id = clientId; OrganizationId = organizationId; }

        public PrincipalType Type => PrincipalType.ServiceAccount;
        public string Id { get; }
        public string? OrganizationId { get; }
        public int AccessListEntriesPerRequest => ServiceAccountsClient.MaxAccessListEntriesPerRequest;
        public override string ToString() => "service account " + Id;

        public IAsyncEnumerable<AccessListEntry> ListAccessListAsync(AtlasConnection connection, string orgId, PageRequest? paging, CancellationToken ct) =>
            ServiceAccountAccessListWorkflows.ListAsync(connection, orgId, Id, paging, ct);

        public Task<IReadOnlyList<AccessListEntry>> PostAccessListAsync(AtlasClient client, string orgId, IReadOnlyList<AccessListSpec> chunk, CancellationToken ct) =>
            client.ServiceAccounts.AddAccessListAsync(orgId, Id, chunk, ct);

        /// <summary>Chunks of 200; answers in input order.</summary>
        public Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(AtlasConnection connection, string orgId, IReadOnlyList<AccessListSpec> specs, CancellationToken ct) =>
            ServiceAccountAccessListWorkflows.AddValidatedAsync(connection, orgId, Id, specs, ct);

        public Task RemoveAccessListEntryAsync(AtlasConnection connection, string orgId, string entry, CancellationToken ct) =>
            ServiceAccountAccessListWorkflows.RemoveAsync(connection, orgId, Id, entry, ct);

        public Task AssignToProjectAsync(AtlasClient client, string orgId, string projectId, IReadOnlyList<string> roles, CancellationToken ct) =>
            client.ServiceAccounts.InviteToProjectAsync(orgId, projectId, Id, roles, ct);

        public Task<IReadOnlyList<ProjectAccessChange>> GrantAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            ChangesAsync(ServiceAccountProjectAccessWorkflows.GrantAsync(connection, OrganizationId, Id, projectIds, roles, throttleLimit, ct), revoke: false);

        public Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            ChangesAsync(ServiceAccountProjectAccessWorkflows.SetAsync(connection, OrganizationId, Id, projectIds, roles, throttleLimit, ct), revoke: false);

        public Task<IReadOnlyList<ProjectAccessChange>> RevokeAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            ChangesAsync(ServiceAccountProjectAccessWorkflows.RevokeAsync(connection, OrganizationId, Id, projectIds, roles, throttleLimit, ct), revoke: true);

        public async Task<ProjectAccess?> FindInProjectAsync(AtlasConnection connection, string projectId, CancellationToken ct)
        {
            ProjectAccess? found = null;
            await foreach (var a in ListInProjectAsync(connection, projectId, ct).ConfigureAwait(false))
                if (found is null && string.Equals(a.ClientId, Id, System.StringComparison.OrdinalIgnoreCase)) found = a;
            return found;
        }

        /// <summary>Every service account in the project with its roles there (remembered for completion).</summary>
        internal static async IAsyncEnumerable<ProjectAccess> ListInProjectAsync(AtlasConnection connection, string projectId,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var a in ServiceAccountProjectAccessWorkflows.ListForProjectAsync(connection, projectId, null, ct).ConfigureAwait(false))
            {
                if (a.ClientId != null) connection.Known.Remember(ServiceAccountWorkflows.KnownKind, a.ClientId, a.Name ?? "");
                yield return a;
            }
        }

        /// <summary>Fan-out results as changes; with revoke, empty roles mean the account left the project.</summary>
        private static async Task<IReadOnlyList<ProjectAccessChange>> ChangesAsync(Task<IReadOnlyList<ItemResult<string, ProjectAccess>>> run, bool revoke)
        {
            var results = await run.ConfigureAwait(false);
            return results.Select(x =>
            {
                if (!x.Succeeded) return new ProjectAccessChange { ProjectId = x.Input, Error = x.Error };
                bool removed = revoke && x.Value!.Roles.Length == 0;
                return new ProjectAccessChange { ProjectId = x.Input, Removed = removed, Access = removed ? null : x.Value };
            }).ToList();
        }
    }
}
