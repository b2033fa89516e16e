using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Wire;
using Ops = AtlasPS.Core.Http.AtlasOperations;

// Typed resource clients: one method per operation, deliberately boring so that it reads like the spec.
// Input validation (ids, roles, addresses) happens in AtlasPS.Core.Validation before these are called.
namespace AtlasPS.Core.Resources
{
    public sealed class OrganizationsClient
    {
        private readonly AtlasHttp http;
        internal OrganizationsClient(AtlasHttp http) { this.http = http; }

        public async IAsyncEnumerable<Organization> ListAsync(PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var o in Pager.PageAsync<AtlasOrganization>(http, Ops.ListOrgs, RouteValues.Empty, null, paging, ct).ConfigureAwait(false))
                yield return o.ToModel();
        }

        public async Task<Organization> GetAsync(string orgId, CancellationToken ct = default) =>
            (await http.SendAsync<AtlasOrganization>(Ops.GetOrg, RouteValues.Org(orgId), null, ct).ConfigureAwait(false))!.ToModel();

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
            var r = await http.SendAsync<CreateOrganizationRequest, CreateOrganizationResponse>(Ops.CreateOrg, RouteValues.Empty, null, body, ct).ConfigureAwait(false);
            var org = r?.Organization?.ToModel() ?? throw new InvalidOperationException("Atlas created the organization but returned no organization object.");
            return new NewOrganizationResult(org, r!.ApiKey?.ToModel(org.Id), r.ServiceAccount?.ToModel(org.Id));
        }

        public async Task<Organization> RenameAsync(string orgId, string newName, CancellationToken ct = default) =>
            (await http.SendAsync<AtlasOrganization, AtlasOrganization>(Ops.UpdateOrg, RouteValues.Org(orgId), null, new AtlasOrganization { Name = newName }, ct).ConfigureAwait(false))!.ToModel();

        public Task DeleteAsync(string orgId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrg, RouteValues.Org(orgId), null, ct);

        /// <summary>The organization's limit on service-account secret lifetimes (8..8760 hours), if Atlas reports one.</summary>
        public async Task<int?> GetMaxSecretValidityHoursAsync(string orgId, CancellationToken ct = default) =>
            (await http.SendAsync<OrganizationSettings>(Ops.GetOrgSettings, RouteValues.Org(orgId), null, ct).ConfigureAwait(false))?.MaxServiceAccountSecretValidityInHours;
    }

    public sealed class NewOrganizationResult
    {
        public NewOrganizationResult(Organization organization, ApiKey? apiKey, ServiceAccount? serviceAccount)
        {
            Organization = organization; ApiKey = apiKey; ServiceAccount = serviceAccount;
        }
        public Organization Organization { get; }
        public ApiKey? ApiKey { get; }
        public ServiceAccount? ServiceAccount { get; }
    }

    public sealed class ServiceAccountSpec
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public IReadOnlyList<string> Roles { get; set; } = Array.Empty<string>();
        public int SecretExpiresAfterHours { get; set; }
    }

    public sealed class ProjectsClient
    {
        private readonly AtlasHttp http;
        internal ProjectsClient(AtlasHttp http) { this.http = http; }

        /// <summary>The projects of one organization.</summary>
        public async IAsyncEnumerable<Project> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<Group>(http, Ops.GetOrgGroups, RouteValues.Org(orgId), null, paging, ct).ConfigureAwait(false))
                yield return g.ToModel();
        }

        /// <summary>Every project the credential can see, across organizations.</summary>
        public async IAsyncEnumerable<Project> ListAllAsync(PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<Group>(http, Ops.ListGroups, RouteValues.Empty, null, paging, ct).ConfigureAwait(false))
                yield return g.ToModel();
        }

        public async Task<Project> GetAsync(string projectId, CancellationToken ct = default) =>
            (await http.SendAsync<Group>(Ops.GetGroup, RouteValues.Group(projectId), null, ct).ConfigureAwait(false))!.ToModel();
    }

    public sealed class ApiKeysClient
    {
        private readonly AtlasHttp http;
        internal ApiKeysClient(AtlasHttp http) { this.http = http; }

        private static RouteValues Key(string orgId, string apiKeyId) => RouteValues.Org(orgId).Add("apiUserId", apiKeyId);

        public async IAsyncEnumerable<ApiKey> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var k in Pager.PageAsync<ApiKeyUserDetails>(http, Ops.ListOrgApiKeys, RouteValues.Org(orgId), null, paging, ct).ConfigureAwait(false))
                yield return k.ToModel(orgId);
        }

        public async Task<ApiKey> GetAsync(string orgId, string apiKeyId, CancellationToken ct = default) =>
            (await http.SendAsync<ApiKeyUserDetails>(Ops.GetOrgApiKey, Key(orgId, apiKeyId), null, ct).ConfigureAwait(false))!.ToModel(orgId);

        /// <summary>Creates an org API key. The result's PrivateKey (SecureString) is the one-time secret.</summary>
        public async Task<ApiKey> CreateAsync(string orgId, string description, IReadOnlyList<string> roles, CancellationToken ct = default)
        {
            var body = new CreateAtlasOrganizationApiKey { Desc = description, Roles = roles.ToList() };
            var k = await http.SendAsync<CreateAtlasOrganizationApiKey, ApiKeyUserDetails>(Ops.CreateOrgApiKey, RouteValues.Org(orgId), null, body, ct).ConfigureAwait(false);
            return k!.ToModel(orgId);
        }

        /// <summary>Changes the description and/or the roles (roles replace the old set).</summary>
        public async Task<ApiKey> UpdateAsync(string orgId, string apiKeyId, string? description, IReadOnlyList<string>? roles, CancellationToken ct = default)
        {
            var body = new UpdateAtlasOrganizationApiKey { Desc = description, Roles = roles?.ToList() };
            var k = await http.SendAsync<UpdateAtlasOrganizationApiKey, ApiKeyUserDetails>(Ops.UpdateOrgApiKey, Key(orgId, apiKeyId), null, body, ct).ConfigureAwait(false);
            return k!.ToModel(orgId);
        }

        /// <summary>Deletes the key; Atlas removes it from every project too.</summary>
        public Task DeleteAsync(string orgId, string apiKeyId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrgApiKey, Key(orgId, apiKeyId), null, ct);

        // ---- access list
        public async IAsyncEnumerable<AccessListEntry> ListAccessListAsync(string orgId, string apiKeyId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Pager.PageAsync<UserAccessListResponse>(http, Ops.ListOrgApiKeyAccessListEntries, Key(orgId, apiKeyId), null, paging, ct).ConfigureAwait(false))
                yield return e.ToModel(orgId, apiKeyId);
        }

        /// <summary>Adds many entries in one POST (entries are "a.b.c.d" addresses or CIDR blocks, already validated and canonical).</summary>
        public async Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(string orgId, string apiKeyId, IEnumerable<AccessListSpec> entries, CancellationToken ct = default)
        {
            var body = entries.Select(e => e.ToWire()).ToList();
            var q = new QueryValues().Add("itemsPerPage", PageRequest.MaxItemsPerPage);
            var r = await http.SendAsync<List<AccessListRequest>, Paginated<UserAccessListResponse>>(Ops.CreateOrgApiKeyAccessListEntry, Key(orgId, apiKeyId), q, body, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<UserAccessListResponse>()).Select(e => e.ToModel(orgId, apiKeyId)).ToList();
        }

        /// <summary>Removes one entry: an address, or a CIDR block (its "/" is sent as %2F exactly once).</summary>
        public Task RemoveAccessListEntryAsync(string orgId, string apiKeyId, string entry, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrgApiKeyAccessListEntry, Key(orgId, apiKeyId).Add("ipAddress", entry), null, ct);

        // ---- project assignments
        public async IAsyncEnumerable<ProjectAccess> ListProjectAccessAsync(string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var k in Pager.PageAsync<ApiKeyUserDetails>(http, Ops.ListGroupApiKeys, RouteValues.Group(projectId), null, paging, ct).ConfigureAwait(false))
                yield return k.ToProjectAccess(projectId);
        }

        /// <summary>Assigns an existing org key to a project with the given project roles (204, no body).</summary>
        public Task AssignToProjectAsync(string projectId, string apiKeyId, IReadOnlyList<string> roles, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.AddGroupApiKey, RouteValues.Group(projectId).Add("apiUserId", apiKeyId), null,
                new List<UserAccessRoleAssignment> { new UserAccessRoleAssignment { ApiUserId = apiKeyId, Roles = roles.ToList() } }, ct);

        /// <summary>Replaces the key's roles in the project.</summary>
        public async Task<ProjectAccess> SetProjectRolesAsync(string projectId, string apiKeyId, IReadOnlyList<string> roles, CancellationToken ct = default)
        {
            var k = await http.SendAsync<UpdateAtlasProjectApiKey, ApiKeyUserDetails>(Ops.UpdateGroupApiKeyRoles, RouteValues.Group(projectId).Add("apiUserId", apiKeyId), null,
                new UpdateAtlasProjectApiKey { Roles = roles.ToList() }, ct).ConfigureAwait(false);
            return k!.ToProjectAccess(projectId);
        }

        public Task UnassignFromProjectAsync(string projectId, string apiKeyId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.RemoveGroupApiKey, RouteValues.Group(projectId).Add("apiUserId", apiKeyId), null, ct);

        /// <summary>Creates a new org key and assigns it to the project in one call (one-time private key in the result).</summary>
        public async Task<ApiKey> CreateInProjectAsync(string orgId, string projectId, string description, IReadOnlyList<string> projectRoles, CancellationToken ct = default)
        {
            var k = await http.SendAsync<CreateAtlasProjectApiKey, ApiKeyUserDetails>(Ops.CreateGroupApiKey, RouteValues.Group(projectId), null,
                new CreateAtlasProjectApiKey { Desc = description, Roles = projectRoles.ToList() }, ct).ConfigureAwait(false);
            return k!.ToModel(orgId);
        }
    }

    /// <summary>One access-list entry to add: exactly one of IpAddress or CidrBlock.</summary>
    public sealed class AccessListSpec
    {
        public string? IpAddress { get; set; }
        public string? CidrBlock { get; set; }
        public string Entry => IpAddress ?? CidrBlock ?? "";
        internal AccessListRequest ToWire() => new AccessListRequest { IpAddress = IpAddress, CidrBlock = CidrBlock };
        public override string ToString() => Entry;
    }

    public sealed class ServiceAccountsClient
    {
        private readonly AtlasHttp http;
        internal ServiceAccountsClient(AtlasHttp http) { this.http = http; }

        private static RouteValues Sa(string orgId, string clientId) => RouteValues.Org(orgId).Add("clientId", clientId);
        private static RouteValues GroupSa(string projectId, string clientId) => RouteValues.Group(projectId).Add("clientId", clientId);

        public async IAsyncEnumerable<ServiceAccount> ListAsync(string orgId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var s in Pager.PageAsync<OrgServiceAccount>(http, Ops.ListOrgServiceAccounts, RouteValues.Org(orgId), null, paging, ct).ConfigureAwait(false))
                yield return s.ToModel(orgId);
        }

        public async Task<ServiceAccount> GetAsync(string orgId, string clientId, CancellationToken ct = default) =>
            (await http.SendAsync<OrgServiceAccount>(Ops.GetOrgServiceAccount, Sa(orgId, clientId), null, ct).ConfigureAwait(false))!.ToModel(orgId);

        /// <summary>Creates an org service account; its first secret (one-time) is in Secrets[0].Secret.</summary>
        public async Task<ServiceAccount> CreateAsync(string orgId, ServiceAccountSpec spec, CancellationToken ct = default)
        {
            var body = new OrgServiceAccountRequest { Name = spec.Name, Description = spec.Description, Roles = spec.Roles.ToList(), SecretExpiresAfterHours = spec.SecretExpiresAfterHours };
            var s = await http.SendAsync<OrgServiceAccountRequest, OrgServiceAccount>(Ops.CreateOrgServiceAccount, RouteValues.Org(orgId), null, body, ct).ConfigureAwait(false);
            return s!.ToModel(orgId);
        }

        public async Task<ServiceAccount> UpdateAsync(string orgId, string clientId, string? name, string? description, IReadOnlyList<string>? roles, CancellationToken ct = default)
        {
            var body = new ServiceAccountUpdateRequest { Name = name, Description = description, Roles = roles?.ToList() };
            var s = await http.SendAsync<ServiceAccountUpdateRequest, OrgServiceAccount>(Ops.UpdateOrgServiceAccount, Sa(orgId, clientId), null, body, ct).ConfigureAwait(false);
            return s!.ToModel(orgId);
        }

        public Task DeleteAsync(string orgId, string clientId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrgServiceAccount, Sa(orgId, clientId), null, ct);

        /// <summary>The projects the account belongs to, with its project roles.</summary>
        public async IAsyncEnumerable<ProjectAccess> ListProjectsAsync(string orgId, string clientId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var g in Pager.PageAsync<ServiceAccountGroup>(http, Ops.GetOrgServiceAccountGroups, Sa(orgId, clientId), null, paging, ct).ConfigureAwait(false))
                yield return new ProjectAccess { ProjectId = g.GroupId ?? "", PrincipalType = PrincipalType.ServiceAccount, ClientId = clientId, Roles = g.Roles?.ToArray() ?? Array.Empty<string>() };
        }

        public async Task<ServiceAccountSecret> CreateSecretAsync(string orgId, string clientId, int expiresAfterHours, CancellationToken ct = default)
        {
            var s = await http.SendAsync<ServiceAccountSecretRequest, ServiceAccountSecretWire>(Ops.CreateOrgServiceAccountSecret, Sa(orgId, clientId), null,
                new ServiceAccountSecretRequest { SecretExpiresAfterHours = expiresAfterHours }, ct).ConfigureAwait(false);
            return s!.ToModel(orgId, clientId);
        }

        public Task DeleteSecretAsync(string orgId, string clientId, string secretId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrgServiceAccountSecret, Sa(orgId, clientId).Add("secretId", secretId), null, ct);

        public async IAsyncEnumerable<AccessListEntry> ListAccessListAsync(string orgId, string clientId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var e in Pager.PageAsync<ServiceAccountIPAccessListEntry>(http, Ops.ListOrgServiceAccountAccessList, Sa(orgId, clientId), null, paging, ct).ConfigureAwait(false))
                yield return e.ToModel(orgId, clientId);
        }

        /// <summary>Adds up to 200 entries in one POST (the spec's maxItems); callers batch larger sets.</summary>
        public async Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(string orgId, string clientId, IEnumerable<AccessListSpec> entries, CancellationToken ct = default)
        {
            var body = entries.Select(e => e.ToWire()).ToList();
            if (body.Count > MaxAccessListEntriesPerRequest) throw new ArgumentException("At most " + MaxAccessListEntriesPerRequest + " entries per request.", nameof(entries));
            var q = new QueryValues().Add("itemsPerPage", PageRequest.MaxItemsPerPage);
            var r = await http.SendAsync<List<AccessListRequest>, Paginated<ServiceAccountIPAccessListEntry>>(Ops.CreateOrgServiceAccountAccessList, Sa(orgId, clientId), q, body, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<ServiceAccountIPAccessListEntry>()).Select(e => e.ToModel(orgId, clientId)).ToList();
        }

        public const int MaxAccessListEntriesPerRequest = 200;

        public Task RemoveAccessListEntryAsync(string orgId, string clientId, string entry, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteOrgServiceAccountAccessListEntry, Sa(orgId, clientId).Add("ipAddress", entry), null, ct);

        // ---- project level
        public async IAsyncEnumerable<ServiceAccount> ListInProjectAsync(string orgId, string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var s in Pager.PageAsync<GroupServiceAccount>(http, Ops.ListGroupServiceAccounts, RouteValues.Group(projectId), null, paging, ct).ConfigureAwait(false))
                yield return s.ToModel(orgId, projectId);
        }

        public async Task<ServiceAccount> GetInProjectAsync(string orgId, string projectId, string clientId, CancellationToken ct = default) =>
            (await http.SendAsync<GroupServiceAccount>(Ops.GetGroupServiceAccount, GroupSa(projectId, clientId), null, ct).ConfigureAwait(false))!.ToModel(orgId, projectId);

        /// <summary>Assigns an existing account to a project (the spec's :invite).</summary>
        public async Task<ServiceAccount> InviteToProjectAsync(string orgId, string projectId, string clientId, IReadOnlyList<string> roles, CancellationToken ct = default)
        {
            var s = await http.SendAsync<GroupServiceAccountRoleAssignment, GroupServiceAccount>(Ops.InviteGroupServiceAccount, GroupSa(projectId, clientId), null,
                new GroupServiceAccountRoleAssignment { Roles = roles.ToList() }, ct).ConfigureAwait(false);
            return s!.ToModel(orgId, projectId);
        }

        /// <summary>Replaces the account's roles in the project.</summary>
        public async Task<ServiceAccount> SetProjectRolesAsync(string orgId, string projectId, string clientId, IReadOnlyList<string> roles, CancellationToken ct = default)
        {
            var s = await http.SendAsync<ServiceAccountUpdateRequest, GroupServiceAccount>(Ops.UpdateGroupServiceAccount, GroupSa(projectId, clientId), null,
                new ServiceAccountUpdateRequest { Roles = roles.ToList() }, ct).ConfigureAwait(false);
            return s!.ToModel(orgId, projectId);
        }

        /// <summary>Removes the account from the project; it stays in the organization and its secrets stay valid.</summary>
        public Task RemoveFromProjectAsync(string projectId, string clientId, CancellationToken ct = default) =>
            http.SendNoContentAsync(Ops.DeleteGroupServiceAccount, GroupSa(projectId, clientId), null, ct);
    }

    public sealed class BillingClient
    {
        private readonly AtlasHttp http;
        internal BillingClient(AtlasHttp http) { this.http = http; }

        public async IAsyncEnumerable<Invoice> ListInvoicesAsync(string orgId, DateTime? fromDate, DateTime? toDate, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            var q = new QueryValues()
                .Add("fromDate", fromDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Add("toDate", toDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            await foreach (var i in Pager.PageAsync<BillingInvoice>(http, Ops.ListOrgInvoices, RouteValues.Org(orgId), q, paging, ct).ConfigureAwait(false))
                yield return i.ToModel(orgId);
        }

        public async Task<Invoice> GetInvoiceAsync(string orgId, string invoiceId, CancellationToken ct = default) =>
            (await http.SendAsync<BillingInvoice>(Ops.GetOrgInvoice, RouteValues.Org(orgId).Add("invoiceId", invoiceId), null, ct).ConfigureAwait(false))!.ToModel(orgId);

        /// <summary>The pending invoice(s). The operation declares no paging parameters: one request.</summary>
        public async Task<IReadOnlyList<Invoice>> ListPendingAsync(string orgId, CancellationToken ct = default)
        {
            var r = await http.SendAsync<Paginated<BillingInvoice>>(Ops.ListOrgInvoicePending, RouteValues.Org(orgId), null, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<BillingInvoice>()).Select(i => i.ToModel(orgId)).ToList();
        }
    }

    public sealed class ClustersClient
    {
        private readonly AtlasHttp http;
        internal ClustersClient(AtlasHttp http) { this.http = http; }

        public async IAsyncEnumerable<Cluster> ListAsync(string projectId, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            await foreach (var c in Pager.PageAsync<ClusterDescription>(http, Ops.ListGroupClusters, RouteValues.Group(projectId), null, paging, ct).ConfigureAwait(false))
                yield return c.ToModel(projectId);
        }
    }
}
