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
    public sealed class ServiceAccountsClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal ServiceAccountsClient(AtlasHttp http) { this.http = http; api = http.Api; }

        // Service-account lists declare no includeCount: their IAtlasApi methods have no such parameter.
        public async IAsyncEnumerable<ServiceAccount> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var s in Pager.PageAsync<OrgServiceAccount>(http, (n, size, _, t) => api.ListOrgServiceAccounts(orgId, n, size, t), paging, ct).ConfigureAwait(false))
                yield return s.ToModel(orgId);
        }

        public async Task<ServiceAccount> GetAsync(string orgId, string clientId, CancellationToken ct = default) =>
            (await api.GetOrgServiceAccount(orgId, clientId, ct).ConfigureAwait(false)).ToModel(orgId);

        /// <summary>Creates an org service account; its first secret (one-time) is in Secrets[0].Secret.</summary>
        public async Task<ServiceAccount> CreateAsync(string orgId, ServiceAccountSpec spec, CancellationToken ct = default)
        {
            var body = new OrgServiceAccountRequest { Name = spec.Name, Description = spec.Description, Roles = spec.Roles.ToList(), SecretExpiresAfterHours = spec.SecretExpiresAfterHours };
            return (await api.CreateOrgServiceAccount(orgId, body, ct).ConfigureAwait(false)).ToModel(orgId);
        }

        public async Task<ServiceAccount> UpdateAsync(string orgId, string clientId, string? name, string? description, IReadOnlyList<string>? roles, CancellationToken ct = default)
        {
            var body = new ServiceAccountUpdateRequest { Name = name, Description = description, Roles = roles?.ToList() };
            return (await api.UpdateOrgServiceAccount(orgId, clientId, body, ct).ConfigureAwait(false)).ToModel(orgId);
        }

        public Task DeleteAsync(string orgId, string clientId, CancellationToken ct = default) => api.DeleteOrgServiceAccount(orgId, clientId, ct);

        /// <summary>The projects the account belongs to, with its project roles.</summary>
        public async IAsyncEnumerable<ProjectAccess> ListProjectsAsync(string orgId, string clientId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<ServiceAccountGroup>(http, (n, size, _, t) => api.GetOrgServiceAccountGroups(orgId, clientId, n, size, t), paging, ct).ConfigureAwait(false))
                yield return new ProjectAccess { ProjectId = g.GroupId ?? "", PrincipalType = PrincipalType.ServiceAccount, ClientId = clientId, Roles = g.Roles?.ToArray() ?? Array.Empty<string>() };
        }

        public async Task<ServiceAccountSecret> CreateSecretAsync(string orgId, string clientId, int expiresAfterHours, CancellationToken ct = default) =>
            (await api.CreateOrgServiceAccountSecret(orgId, clientId, new ServiceAccountSecretRequest { SecretExpiresAfterHours = expiresAfterHours }, ct).ConfigureAwait(false))
                .ToModel(orgId, clientId);

        public Task DeleteSecretAsync(string orgId, string clientId, string secretId, CancellationToken ct = default) =>
            api.DeleteOrgServiceAccountSecret(orgId, clientId, secretId, ct);

        public async IAsyncEnumerable<AccessListEntry> ListAccessListAsync(string orgId, string clientId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Pager.PageAsync<ServiceAccountIPAccessListEntry>(http, (n, size, count, t) => api.ListOrgServiceAccountAccessList(orgId, clientId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return e.ToModel(orgId, clientId);
        }

        /// <summary>Adds up to 200 entries in one POST (the spec's maxItems); callers batch larger sets.</summary>
        public async Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(string orgId, string clientId, IEnumerable<AccessListSpec> entries, CancellationToken ct = default)
        {
            var body = entries.Select(e => e.ToWire()).ToList();
            if (body.Count > MaxAccessListEntriesPerRequest) throw new ArgumentException("At most " + MaxAccessListEntriesPerRequest + " entries per request.", nameof(entries));
            var r = await api.CreateOrgServiceAccountAccessList(orgId, clientId, PageRequest.MaxItemsPerPage, body, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<ServiceAccountIPAccessListEntry>()).Select(e => e.ToModel(orgId, clientId)).ToList();
        }

        public const int MaxAccessListEntriesPerRequest = 200;

        public Task RemoveAccessListEntryAsync(string orgId, string clientId, string entry, CancellationToken ct = default) =>
            api.DeleteOrgServiceAccountAccessListEntry(orgId, clientId, entry, ct);

        // ---- project level
        public async IAsyncEnumerable<ServiceAccount> ListInProjectAsync(string orgId, string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var s in Pager.PageAsync<GroupServiceAccount>(http, (n, size, _, t) => api.ListGroupServiceAccounts(projectId, n, size, t), paging, ct).ConfigureAwait(false))
                yield return s.ToModel(orgId, projectId);
        }

        public async Task<ServiceAccount> GetInProjectAsync(string orgId, string projectId, string clientId, CancellationToken ct = default) =>
            (await api.GetGroupServiceAccount(projectId, clientId, ct).ConfigureAwait(false)).ToModel(orgId, projectId);

        /// <summary>Assigns an existing account to a project (the spec's :invite).</summary>
        public async Task<ServiceAccount> InviteToProjectAsync(string orgId, string projectId, string clientId, IReadOnlyList<string> roles, CancellationToken ct = default) =>
            (await api.InviteGroupServiceAccount(projectId, clientId, new GroupServiceAccountRoleAssignment { Roles = roles.ToList() }, ct).ConfigureAwait(false)).ToModel(orgId, projectId);

        /// <summary>Replaces the account's roles in the project.</summary>
        public async Task<ServiceAccount> SetProjectRolesAsync(string orgId, string projectId, string clientId, IReadOnlyList<string> roles, CancellationToken ct = default) =>
            (await api.UpdateGroupServiceAccount(projectId, clientId, new ServiceAccountUpdateRequest { Roles = roles.ToList() }, ct).ConfigureAwait(false)).ToModel(orgId, projectId);

        /// <summary>Removes the account from the project; it stays in the organization and its secrets stay valid.</summary>
        public Task RemoveFromProjectAsync(string projectId, string clientId, CancellationToken ct = default) =>
            api.DeleteGroupServiceAccount(projectId, clientId, ct);
    }
}
