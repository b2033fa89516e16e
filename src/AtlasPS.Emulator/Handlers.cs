using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
    internal static readonly string[] OrgRoleNames =
        { "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY", "ORG_STREAM_PROCESSING_ADMIN", "ORG_READ_ONLY" };

    [GeneratedRegex(@"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$")]
    private static partial Regex OrgNamePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}\-_.,' ]*$")]
    private static partial Regex SaTextPattern();

    [GeneratedRegex(@"^GROUP_[A-Z_]+$")]
    private static partial Regex ProjectRolePattern();

    [GeneratedRegex(@"^[a-f0-9]{24}$")]
    private static partial Regex HexId();

    [GeneratedRegex(@"^mdb_sa_id_[a-fA-F\d]{24}$")]
    private static partial Regex ClientIdPattern();

    private void RegisterRoutes()
    {
        var v23 = new[] { V2023 };
        var v24 = new[] { V2024 };
        // organizations
        R("GET", "orgs", "listOrgs", v23, ListOrgs);
        R("POST", "orgs", "createOrg", v23, CreateOrg);
        R("GET", "orgs/{orgId}", "getOrg", v23, GetOrg);
        R("PATCH", "orgs/{orgId}", "updateOrg", v23, UpdateOrg);
        R("DELETE", "orgs/{orgId}", "deleteOrg", v23, DeleteOrg);
        R("GET", "orgs/{orgId}/settings", "getOrgSettings", v23, GetOrgSettings);
        R("PATCH", "orgs/{orgId}/settings", "updateOrgSettings", v23, UpdateOrgSettings);
        R("GET", "orgs/{orgId}/groups", "getOrgGroups", v23, GetOrgGroups);
        // projects
        R("GET", "groups", "listGroups", v23, ListGroups);
        R("POST", "groups", "createGroup", v23, CreateGroup);
        R("GET", "groups/{groupId}", "getGroup", v23, GetGroup);
        // org API keys
        R("GET", "orgs/{orgId}/apiKeys", "listOrgApiKeys", v23, ListOrgApiKeys);
        R("POST", "orgs/{orgId}/apiKeys", "createOrgApiKey", v23, CreateOrgApiKey);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}", "getOrgApiKey", v23, GetOrgApiKey);
        R("PATCH", "orgs/{orgId}/apiKeys/{apiUserId}", "updateOrgApiKey", v23, UpdateOrgApiKey);
        R("DELETE", "orgs/{orgId}/apiKeys/{apiUserId}", "deleteOrgApiKey", v23, DeleteOrgApiKey);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}/accessList", "listOrgApiKeyAccessListEntries", v23, ListKeyAccess);
        R("POST", "orgs/{orgId}/apiKeys/{apiUserId}/accessList", "createOrgApiKeyAccessListEntry", v23, CreateKeyAccess);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", "getOrgApiKeyAccessListEntry", v23, GetKeyAccess);
        R("DELETE", "orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", "deleteOrgApiKeyAccessListEntry", v23, DeleteKeyAccess);
        // project API keys
        R("GET", "groups/{groupId}/apiKeys", "listGroupApiKeys", v23, ListGroupApiKeys);
        R("POST", "groups/{groupId}/apiKeys", "createGroupApiKey", v23, CreateGroupApiKey);
        R("POST", "groups/{groupId}/apiKeys/{apiUserId}", "addGroupApiKey", v23, AddGroupApiKey);
        R("PATCH", "groups/{groupId}/apiKeys/{apiUserId}", "updateGroupApiKeyRoles", v23, UpdateGroupApiKeyRoles);
        R("DELETE", "groups/{groupId}/apiKeys/{apiUserId}", "removeGroupApiKey", v23, RemoveGroupApiKey);
        // org service accounts
        R("GET", "orgs/{orgId}/serviceAccounts", "listOrgServiceAccounts", v24, ListOrgSas);
        R("POST", "orgs/{orgId}/serviceAccounts", "createOrgServiceAccount", v24, CreateOrgSa);
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}", "getOrgServiceAccount", v24, GetOrgSa);
        R("PATCH", "orgs/{orgId}/serviceAccounts/{clientId}", "updateOrgServiceAccount", v24, UpdateOrgSa);
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}", "deleteOrgServiceAccount", v24, DeleteOrgSa);
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}/groups", "getOrgServiceAccountGroups", v24, GetOrgSaGroups);
        R("POST", "orgs/{orgId}/serviceAccounts/{clientId}/secrets", "createOrgServiceAccountSecret", v24, c => CreateSecret(c, OrgSaFor(c, write: true)));
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}", "deleteOrgServiceAccountSecret", v24, c => DeleteSecret(c, OrgSaFor(c, write: true)));
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}/accessList", "listOrgServiceAccountAccessList", v24, c => ListSaAccess(c, OrgSaFor(c, write: false)));
        R("POST", "orgs/{orgId}/serviceAccounts/{clientId}/accessList", "createOrgServiceAccountAccessList", v24, c => CreateSaAccess(c, OrgSaFor(c, write: true)));
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}", "deleteOrgServiceAccountAccessListEntry", v24, c => DeleteSaAccess(c, OrgSaFor(c, write: true)));
        // project service accounts
        R("GET", "groups/{groupId}/serviceAccounts", "listGroupServiceAccounts", v24, ListGroupSas);
        R("POST", "groups/{groupId}/serviceAccounts", "createGroupServiceAccount", v24, CreateGroupSa);
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}:invite", "inviteGroupServiceAccount", v24, InviteGroupSa);
        R("GET", "groups/{groupId}/serviceAccounts/{clientId}", "getGroupServiceAccount", v24, c => Ok(c, GroupSaJson(c, GroupSaFor(c, Need.ProjectRead), c.P("groupId"))));
        R("PATCH", "groups/{groupId}/serviceAccounts/{clientId}", "updateGroupServiceAccount", v24, UpdateGroupSa);
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}", "deleteGroupServiceAccount", v24, DeleteGroupSa);
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}/secrets", "createGroupServiceAccountSecret", v24, c => CreateSecret(c, GroupSaFor(c, Need.ProjectOwner)));
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}/secrets/{secretId}", "deleteGroupServiceAccountSecret", v24, c => DeleteSecret(c, GroupSaFor(c, Need.ProjectOwner)));
        R("GET", "groups/{groupId}/serviceAccounts/{clientId}/accessList", "listGroupServiceAccountAccessList", v24, c => ListSaAccess(c, GroupSaFor(c, Need.ProjectRead)));
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}/accessList", "createGroupServiceAccountAccessList", v24, c => CreateSaAccess(c, GroupSaFor(c, Need.ProjectAccessManager)));
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}/accessList/{ipAddress}", "deleteGroupServiceAccountAccessListEntry", v24, c => DeleteSaAccess(c, GroupSaFor(c, Need.ProjectAccessManager)));
        // invoices
        R("GET", "orgs/{orgId}/invoices", "listOrgInvoices", v23, ListInvoices);
        R("GET", "orgs/{orgId}/invoices/pending", "listOrgInvoicePending", v23, ListPendingInvoices);
        R("GET", "orgs/{orgId}/invoices/{invoiceId}", "getOrgInvoice", new[] { V2023, V2023Csv }, GetInvoice);
        // clusters
        R("GET", "groups/{groupId}/clusters", "listGroupClusters", new[] { V2024, V20230201, V2023 }, ListClusters);
    }
}
