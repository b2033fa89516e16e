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
    public sealed class OrganizationsClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal OrganizationsClient(AtlasHttp http) { this.http = http; api = http.Api; }

        public async IAsyncEnumerable<Organization> ListAsync(PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var o in Pager.PageAsync<AtlasOrganization>(http, (n, size, count, t) => api.ListOrgs(n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return o.ToModel();
        }

        public async Task<Organization> GetAsync(string orgId, CancellationToken ct = default) =>
            (await api.GetOrg(orgId, ct).ConfigureAwait(false)).ToModel();

        /// <summary>Creates an organization; its first API key or service account comes back with the one-time secret.</summary>
        public async Task<NewOrganizationResult> CreateAsync(string name, string? apiKeyDescription, IReadOnlyList<string>? apiKeyRoles,
            ServiceAccountSpec? serviceAccount, string? orgOwnerId, CancellationToken ct = default)
        {
            var body = new CreateOrganizationRequest
            {
                Name = name,
                OrgOwnerId = orgOwnerId,
                ApiKey = apiKeyDescription is null ? null : new CreateAtlasOrganizationApiKey { Desc = apiKeyDescription, Roles = (apiKeyRoles ?? Array.Empty<string>()).ToList() },
                ServiceAccount = serviceAccount is null ? null : new OrgServiceAccountRequest
                {
                    Name = serviceAccount.Name, Description = serviceAccount.Description, Roles = serviceAccount.Roles.ToList(),
                    SecretExpiresAfterHours = serviceAccount.SecretExpiresAfterHours,
                },
            };
            var r = await api.CreateOrg(body, ct).ConfigureAwait(false);
            var org = r?.Organization?.ToModel() ?? throw new InvalidOperationException("Atlas created the organization but returned no organization object.");
            return new NewOrganizationResult(org, r!.ApiKey?.ToModel(org.Id), r.ServiceAccount?.ToModel(org.Id));
        }

        public async Task<Organization> RenameAsync(string orgId, string newName, CancellationToken ct = default) =>
            (await api.UpdateOrg(orgId, new AtlasOrganization { Name = newName }, ct).ConfigureAwait(false)).ToModel();

        public Task DeleteAsync(string orgId, CancellationToken ct = default) => api.DeleteOrg(orgId, ct);

        /// <summary>The organization's limit on service-account secret lifetimes (8..8760 hours), if Atlas reports one.</summary>
        public async Task<int?> GetMaxSecretValidityHoursAsync(string orgId, CancellationToken ct = default) =>
            (await api.GetOrgSettings(orgId, ct).ConfigureAwait(false))?.MaxServiceAccountSecretValidityInHours;
    }
}
