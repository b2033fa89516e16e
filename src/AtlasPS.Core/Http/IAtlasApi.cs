using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;
using Refit;
using static AtlasPS.Core.Http.AtlasMediaTypes;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Every Atlas Admin API operation AtlasPS sends, declared for Refit (its source generator writes the implementation).
    /// Each method names the spec's operationId, its route and method, the versioned Accept media type and, for a body,
    /// the same versioned Content-Type. Paged lists take pageNum/itemsPerPage, and includeCount only where the spec
    /// declares it. A test reads these attributes and checks them against ../shared/atlas/atlas-admin-api.json.
    /// Method names are unique: the pipeline finds an operation by the method name Refit puts on each request.
    /// </summary>
    internal interface IAtlasApi
    {
        // ---- Organizations
        [AtlasOperation("listOrgs"), Get(P + "/orgs"), Headers(Accept1)]
        Task<Paginated<AtlasOrganization>> ListOrgs(int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createOrg"), Post(P + "/orgs"), Headers(Accept1, Body1)]
        Task<CreateOrganizationResponse> CreateOrg([Body] CreateOrganizationRequest body, CancellationToken ct);

        [AtlasOperation("getOrg"), Get(P + "/orgs/{orgId}"), Headers(Accept1)]
        Task<AtlasOrganization> GetOrg(string orgId, CancellationToken ct);

        [AtlasOperation("updateOrg"), Patch(P + "/orgs/{orgId}"), Headers(Accept1, Body1)]
        Task<AtlasOrganization> UpdateOrg(string orgId, [Body] AtlasOrganization body, CancellationToken ct);

        [AtlasOperation("deleteOrg"), Delete(P + "/orgs/{orgId}"), Headers(Accept1)]
        Task DeleteOrg(string orgId, CancellationToken ct);

        [AtlasOperation("getOrgSettings"), Get(P + "/orgs/{orgId}/settings"), Headers(Accept1)]
        Task<OrganizationSettings> GetOrgSettings(string orgId, CancellationToken ct);

        // ---- Projects
        [AtlasOperation("listGroups"), Get(P + "/groups"), Headers(Accept1)]
        Task<Paginated<Group>> ListGroups(int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("getOrgGroups"), Get(P + "/orgs/{orgId}/groups"), Headers(Accept1)]
        Task<Paginated<Group>> GetOrgGroups(string orgId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("getGroup"), Get(P + "/groups/{groupId}"), Headers(Accept1)]
        Task<Group> GetGroup(string groupId, CancellationToken ct);

        // ---- Organization API keys
        [AtlasOperation("listOrgApiKeys"), Get(P + "/orgs/{orgId}/apiKeys"), Headers(Accept1)]
        Task<Paginated<ApiKeyUserDetails>> ListOrgApiKeys(string orgId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createOrgApiKey"), Post(P + "/orgs/{orgId}/apiKeys"), Headers(Accept1, Body1)]
        Task<ApiKeyUserDetails> CreateOrgApiKey(string orgId, [Body] CreateAtlasOrganizationApiKey body, CancellationToken ct);

        [AtlasOperation("getOrgApiKey"), Get(P + "/orgs/{orgId}/apiKeys/{apiUserId}"), Headers(Accept1)]
        Task<ApiKeyUserDetails> GetOrgApiKey(string orgId, string apiUserId, CancellationToken ct);

        [AtlasOperation("updateOrgApiKey"), Patch(P + "/orgs/{orgId}/apiKeys/{apiUserId}"), Headers(Accept1, Body1)]
        Task<ApiKeyUserDetails> UpdateOrgApiKey(string orgId, string apiUserId, [Body] UpdateAtlasOrganizationApiKey body, CancellationToken ct);

        [AtlasOperation("deleteOrgApiKey"), Delete(P + "/orgs/{orgId}/apiKeys/{apiUserId}"), Headers(Accept1)]
        Task DeleteOrgApiKey(string orgId, string apiUserId, CancellationToken ct);

        // ---- Organization API key access lists
        [AtlasOperation("listOrgApiKeyAccessListEntries"), Get(P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList"), Headers(Accept1)]
        Task<Paginated<UserAccessListResponse>> ListOrgApiKeyAccessListEntries(string orgId, string apiUserId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createOrgApiKeyAccessListEntry"), Post(P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList"), Headers(Accept1, Body1)]
        Task<Paginated<UserAccessListResponse>> CreateOrgApiKeyAccessListEntry(string orgId, string apiUserId, int itemsPerPage, [Body] List<AccessListRequest> body, CancellationToken ct);

        [AtlasOperation("getOrgApiKeyAccessListEntry"), Get(P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}"), Headers(Accept1)]
        Task<UserAccessListResponse> GetOrgApiKeyAccessListEntry(string orgId, string apiUserId, string ipAddress, CancellationToken ct);

        [AtlasOperation("deleteOrgApiKeyAccessListEntry"), Delete(P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}"), Headers(Accept1)]
        Task DeleteOrgApiKeyAccessListEntry(string orgId, string apiUserId, string ipAddress, CancellationToken ct);

        // ---- Project API keys
        [AtlasOperation("listGroupApiKeys"), Get(P + "/groups/{groupId}/apiKeys"), Headers(Accept1)]
        Task<Paginated<ApiKeyUserDetails>> ListGroupApiKeys(string groupId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createGroupApiKey"), Post(P + "/groups/{groupId}/apiKeys"), Headers(Accept1, Body1)]
        Task<ApiKeyUserDetails> CreateGroupApiKey(string groupId, [Body] CreateAtlasProjectApiKey body, CancellationToken ct);

        [AtlasOperation("addGroupApiKey"), Post(P + "/groups/{groupId}/apiKeys/{apiUserId}"), Headers(Accept1, Body1)]
        Task AddGroupApiKey(string groupId, string apiUserId, [Body] List<UserAccessRoleAssignment> body, CancellationToken ct);

        [AtlasOperation("updateGroupApiKeyRoles"), Patch(P + "/groups/{groupId}/apiKeys/{apiUserId}"), Headers(Accept1, Body1)]
        Task<ApiKeyUserDetails> UpdateGroupApiKeyRoles(string groupId, string apiUserId, [Body] UpdateAtlasProjectApiKey body, CancellationToken ct);

        [AtlasOperation("removeGroupApiKey"), Delete(P + "/groups/{groupId}/apiKeys/{apiUserId}"), Headers(Accept1)]
        Task RemoveGroupApiKey(string groupId, string apiUserId, CancellationToken ct);

        // ---- Organization service accounts (no includeCount on their lists: the spec declares none)
        [AtlasOperation("listOrgServiceAccounts"), Get(P + "/orgs/{orgId}/serviceAccounts"), Headers(AcceptSa)]
        Task<Paginated<OrgServiceAccount>> ListOrgServiceAccounts(string orgId, int pageNum, int itemsPerPage, CancellationToken ct);

        [AtlasOperation("createOrgServiceAccount"), Post(P + "/orgs/{orgId}/serviceAccounts"), Headers(AcceptSa, BodySa)]
        Task<OrgServiceAccount> CreateOrgServiceAccount(string orgId, [Body] OrgServiceAccountRequest body, CancellationToken ct);

        [AtlasOperation("getOrgServiceAccount"), Get(P + "/orgs/{orgId}/serviceAccounts/{clientId}"), Headers(AcceptSa)]
        Task<OrgServiceAccount> GetOrgServiceAccount(string orgId, string clientId, CancellationToken ct);

        [AtlasOperation("updateOrgServiceAccount"), Patch(P + "/orgs/{orgId}/serviceAccounts/{clientId}"), Headers(AcceptSa, BodySa)]
        Task<OrgServiceAccount> UpdateOrgServiceAccount(string orgId, string clientId, [Body] ServiceAccountUpdateRequest body, CancellationToken ct);

        [AtlasOperation("deleteOrgServiceAccount"), Delete(P + "/orgs/{orgId}/serviceAccounts/{clientId}"), Headers(AcceptSa)]
        Task DeleteOrgServiceAccount(string orgId, string clientId, CancellationToken ct);

        [AtlasOperation("getOrgServiceAccountGroups"), Get(P + "/orgs/{orgId}/serviceAccounts/{clientId}/groups"), Headers(AcceptSa)]
        Task<Paginated<ServiceAccountGroup>> GetOrgServiceAccountGroups(string orgId, string clientId, int pageNum, int itemsPerPage, CancellationToken ct);

        [AtlasOperation("createOrgServiceAccountSecret"), Post(P + "/orgs/{orgId}/serviceAccounts/{clientId}/secrets"), Headers(AcceptSa, BodySa)]
        Task<ServiceAccountSecretWire> CreateOrgServiceAccountSecret(string orgId, string clientId, [Body] ServiceAccountSecretRequest body, CancellationToken ct);

        [AtlasOperation("deleteOrgServiceAccountSecret"), Delete(P + "/orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}"), Headers(AcceptSa)]
        Task DeleteOrgServiceAccountSecret(string orgId, string clientId, string secretId, CancellationToken ct);

        [AtlasOperation("listOrgServiceAccountAccessList"), Get(P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList"), Headers(AcceptSa)]
        Task<Paginated<ServiceAccountIPAccessListEntry>> ListOrgServiceAccountAccessList(string orgId, string clientId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createOrgServiceAccountAccessList"), Post(P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList"), Headers(AcceptSa, BodySa)]
        Task<Paginated<ServiceAccountIPAccessListEntry>> CreateOrgServiceAccountAccessList(string orgId, string clientId, int itemsPerPage, [Body] List<AccessListRequest> body, CancellationToken ct);

        [AtlasOperation("deleteOrgServiceAccountAccessListEntry"), Delete(P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}"), Headers(AcceptSa)]
        Task DeleteOrgServiceAccountAccessListEntry(string orgId, string clientId, string ipAddress, CancellationToken ct);

        // ---- Project service accounts
        [AtlasOperation("listGroupServiceAccounts"), Get(P + "/groups/{groupId}/serviceAccounts"), Headers(AcceptSa)]
        Task<Paginated<GroupServiceAccount>> ListGroupServiceAccounts(string groupId, int pageNum, int itemsPerPage, CancellationToken ct);

        [AtlasOperation("createGroupServiceAccount"), Post(P + "/groups/{groupId}/serviceAccounts"), Headers(AcceptSa, BodySa)]
        Task<GroupServiceAccount> CreateGroupServiceAccount(string groupId, [Body] OrgServiceAccountRequest body, CancellationToken ct);

        [AtlasOperation("getGroupServiceAccount"), Get(P + "/groups/{groupId}/serviceAccounts/{clientId}"), Headers(AcceptSa)]
        Task<GroupServiceAccount> GetGroupServiceAccount(string groupId, string clientId, CancellationToken ct);

        [AtlasOperation("updateGroupServiceAccount"), Patch(P + "/groups/{groupId}/serviceAccounts/{clientId}"), Headers(AcceptSa, BodySa)]
        Task<GroupServiceAccount> UpdateGroupServiceAccount(string groupId, string clientId, [Body] ServiceAccountUpdateRequest body, CancellationToken ct);

        [AtlasOperation("deleteGroupServiceAccount"), Delete(P + "/groups/{groupId}/serviceAccounts/{clientId}"), Headers(AcceptSa)]
        Task DeleteGroupServiceAccount(string groupId, string clientId, CancellationToken ct);

        [AtlasOperation("inviteGroupServiceAccount"), Post(P + "/groups/{groupId}/serviceAccounts/{clientId}:invite"), Headers(AcceptSa, BodySa)]
        Task<GroupServiceAccount> InviteGroupServiceAccount(string groupId, string clientId, [Body] GroupServiceAccountRoleAssignment body, CancellationToken ct);

        [AtlasOperation("createGroupServiceAccountSecret"), Post(P + "/groups/{groupId}/serviceAccounts/{clientId}/secrets"), Headers(AcceptSa, BodySa)]
        Task<ServiceAccountSecretWire> CreateGroupServiceAccountSecret(string groupId, string clientId, [Body] ServiceAccountSecretRequest body, CancellationToken ct);

        [AtlasOperation("deleteGroupServiceAccountSecret"), Delete(P + "/groups/{groupId}/serviceAccounts/{clientId}/secrets/{secretId}"), Headers(AcceptSa)]
        Task DeleteGroupServiceAccountSecret(string groupId, string clientId, string secretId, CancellationToken ct);

        [AtlasOperation("listGroupServiceAccountAccessList"), Get(P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList"), Headers(AcceptSa)]
        Task<Paginated<ServiceAccountIPAccessListEntry>> ListGroupServiceAccountAccessList(string groupId, string clientId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("createGroupServiceAccountAccessList"), Post(P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList"), Headers(AcceptSa, BodySa)]
        Task<Paginated<ServiceAccountIPAccessListEntry>> CreateGroupServiceAccountAccessList(string groupId, string clientId, [Body] List<AccessListRequest> body, CancellationToken ct);

        [AtlasOperation("deleteGroupServiceAccountAccessListEntry"), Delete(P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList/{ipAddress}"), Headers(AcceptSa)]
        Task DeleteGroupServiceAccountAccessListEntry(string groupId, string clientId, string ipAddress, CancellationToken ct);

        // ---- Billing and inventory
        [AtlasOperation("listOrgInvoices"), Get(P + "/orgs/{orgId}/invoices"), Headers(Accept1)]
        Task<Paginated<BillingInvoice>> ListOrgInvoices(string orgId, string? fromDate, string? toDate, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);

        [AtlasOperation("getOrgInvoice"), Get(P + "/orgs/{orgId}/invoices/{invoiceId}"), Headers(Accept1)]
        Task<BillingInvoice> GetOrgInvoice(string orgId, string invoiceId, CancellationToken ct);

        [AtlasOperation("listOrgInvoicePending"), Get(P + "/orgs/{orgId}/invoices/pending"), Headers(Accept1)]
        Task<Paginated<BillingInvoice>> ListOrgInvoicePending(string orgId, CancellationToken ct);

        [AtlasOperation("listGroupClusters"), Get(P + "/groups/{groupId}/clusters"), Headers(AcceptCluster)]
        Task<Paginated<ClusterDescription>> ListGroupClusters(string groupId, int pageNum, int itemsPerPage, bool? includeCount, CancellationToken ct);
    }
}

namespace AtlasPS.Core.Http
{
    /// <summary>The versioned media types of the declarations in <see cref="IAtlasApi"/>.</summary>
    internal static class AtlasMediaTypes
    {
        // ---- Media-type versions (sent as application/vnd.atlas.<version>+json)
        /// <summary>Orgs, projects, API keys, API-key access lists, invoices.</summary>
        public const string V1 = "2023-01-01";
        /// <summary>Every service-account endpoint.</summary>
        public const string VSa = "2024-08-05";
        /// <summary>Clusters (the version without a sunset date).</summary>
        public const string VCluster = "2024-08-05";
        public const string P = "/api/atlas/v2";
        public const string Accept1 = "Accept: application/vnd.atlas." + V1 + "+json";
        public const string Body1 = "Content-Type: application/vnd.atlas." + V1 + "+json";
        public const string AcceptSa = "Accept: application/vnd.atlas." + VSa + "+json";
        public const string BodySa = "Content-Type: application/vnd.atlas." + VSa + "+json";
        public const string AcceptCluster = "Accept: application/vnd.atlas." + VCluster + "+json";
    }
}
