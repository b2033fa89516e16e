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
    public sealed class ApiKeysClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal ApiKeysClient(AtlasHttp http) { this.http = http; api = http.Api; }

        public async IAsyncEnumerable<ApiKey> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var k in Pager.PageAsync<ApiKeyUserDetails>(http, (n, size, count, t) => api.ListOrgApiKeys(orgId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return k.ToModel(orgId);
        }

        public async Task<ApiKey> GetAsync(string orgId, string apiKeyId, CancellationToken ct = default) =>
            (await api.GetOrgApiKey(orgId, apiKeyId, ct).ConfigureAwait(false)).ToModel(orgId);

        /// <summary>Creates an org API key. The result's PrivateKey (SecureString) is the one-time secret.</summary>
        public async Task<ApiKey> CreateAsync(string orgId, string description, IReadOnlyList<string> roles, CancellationToken ct = default)
        {
            var body = new CreateAtlasOrganizationApiKey { Desc = description, Roles = roles.ToList() };
            return (await api.CreateOrgApiKey(orgId, body, ct).ConfigureAwait(false)).ToModel(orgId);
        }

        /// <summary>Changes the description and/or the roles (roles replace the old set).</summary>
        public async Task<ApiKey> UpdateAsync(string orgId, string apiKeyId, string? description, IReadOnlyList<string>? roles, CancellationToken ct = default)
        {
            var body = new UpdateAtlasOrganizationApiKey { Desc = description, Roles = roles?.ToList() };
            return (await api.UpdateOrgApiKey(orgId, apiKeyId, body, ct).ConfigureAwait(false)).ToModel(orgId);
        }

        /// <summary>Deletes the key; Atlas removes it from every project too.</summary>
        public Task DeleteAsync(string orgId, string apiKeyId, CancellationToken ct = default) => api.DeleteOrgApiKey(orgId, apiKeyId, ct);

        // ---- access list
        public async IAsyncEnumerable<AccessListEntry> ListAccessListAsync(string orgId, string apiKeyId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Pager.PageAsync<UserAccessListResponse>(http, (n, size, count, t) => api.ListOrgApiKeyAccessListEntries(orgId, apiKeyId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return e.ToModel(orgId, apiKeyId);
        }

        /// <summary>One entry of the key's access list: an address, or a CIDR block (its "/" is sent as %2F exactly once).</summary>
        public async Task<AccessListEntry> GetAccessListEntryAsync(string orgId, string apiKeyId, string entry, CancellationToken ct = default) =>
            (await api.GetOrgApiKeyAccessListEntry(orgId, apiKeyId, entry, ct).ConfigureAwait(false)).ToModel(orgId, apiKeyId);

        /// <summary>Adds many entries in one POST (entries are "a.b.c.d" addresses or CIDR blocks, already validated and canonical).</summary>
        public async Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(string orgId, string apiKeyId, IEnumerable<AccessListSpec> entries, CancellationToken ct = default)
        {
            var body = entries.Select(e => e.ToWire()).ToList();
            var r = await api.CreateOrgApiKeyAccessListEntry(orgId, apiKeyId, PageRequest.MaxItemsPerPage, body, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<UserAccessListResponse>()).Select(e => e.ToModel(orgId, apiKeyId)).ToList();
        }

        /// <summary>Removes one entry: an address, or a CIDR block (its "/" is sent as %2F exactly once).</summary>
        public Task RemoveAccessListEntryAsync(string orgId, string apiKeyId, string entry, CancellationToken ct = default) =>
            api.DeleteOrgApiKeyAccessListEntry(orgId, apiKeyId, entry, ct);

        // ---- project assignments
        public async IAsyncEnumerable<ProjectAccess> ListProjectAccessAsync(string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var k in Pager.PageAsync<ApiKeyUserDetails>(http, (n, size, count, t) => api.ListGroupApiKeys(projectId, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return k.ToProjectAccess(projectId);
        }

        /// <summary>Assigns an existing org key to a project with the given project roles (204, no body).</summary>
        public Task AssignToProjectAsync(string projectId, string apiKeyId, IReadOnlyList<string> roles, CancellationToken ct = default) =>
            api.AddGroupApiKey(projectId, apiKeyId, new List<UserAccessRoleAssignment> { new UserAccessRoleAssignment { ApiUserId = apiKeyId, Roles = roles.ToList() } }, ct);

        /// <summary>Replaces the key's roles in the project.</summary>
        public async Task<ProjectAccess> SetProjectRolesAsync(string projectId, string apiKeyId, IReadOnlyList<string> roles, CancellationToken ct = default) =>
            (await api.UpdateGroupApiKeyRoles(projectId, apiKeyId, new UpdateAtlasProjectApiKey { Roles = roles.ToList() }, ct).ConfigureAwait(false)).ToProjectAccess(projectId);

        public Task UnassignFromProjectAsync(string projectId, string apiKeyId, CancellationToken ct = default) =>
            api.RemoveGroupApiKey(projectId, apiKeyId, ct);

        /// <summary>Creates a new org key and assigns it to the project in one call (one-time private key in the result).</summary>
        public async Task<ApiKey> CreateInProjectAsync(string orgId, string projectId, string description, IReadOnlyList<string> projectRoles, CancellationToken ct = default) =>
            (await api.CreateGroupApiKey(projectId, new CreateAtlasProjectApiKey { Desc = description, Roles = projectRoles.ToList() }, ct).ConfigureAwait(false)).ToModel(orgId);
    }
}
