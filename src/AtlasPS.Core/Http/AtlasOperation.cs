using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace AtlasPS.Core.Http
{
    /// <summary>One operation of the Atlas Admin API: what the spec calls it, its method, path and media-type version.</summary>
    public sealed class AtlasOperation
    {
        public AtlasOperation(string operationId, string method, string pathTemplate, string version, bool hasRequestBody = false)
        {
            OperationId = operationId;
            Method = method;
            PathTemplate = pathTemplate;
            Version = version;
            HasRequestBody = hasRequestBody;
        }

        /// <summary>The spec's operationId, e.g. listOrgApiKeys.</summary>
        public string OperationId { get; }
        public string Method { get; }
        /// <summary>Path from the host root, e.g. /api/atlas/v2/orgs/{orgId}/apiKeys.</summary>
        public string PathTemplate { get; }
        /// <summary>Media-type version date, e.g. 2023-01-01 (sent as application/vnd.atlas.2023-01-01+json).</summary>
        public string Version { get; }
        public bool HasRequestBody { get; }
        public string MediaType => "application/vnd.atlas." + Version + "+json";
        /// <summary>GET, PUT and DELETE may be resent after a transport failure; POST and PATCH may not.</summary>
        public bool IsIdempotent => Method == "GET" || Method == "PUT" || Method == "DELETE" || Method == "HEAD";
        public override string ToString() => OperationId + " " + Method + " " + PathTemplate + " (" + Version + ")";
    }

    /// <summary>
    /// The operation table: every Atlas operation AtlasPS sends, keyed by the spec's operationId.
    /// A test checks each entry against ../shared/atlas/atlas-admin-api.json; the spec is the source of truth.
    /// </summary>
    public static class AtlasOperations
    {
        private const string V1 = "2023-01-01";       // orgs, projects, API keys, API-key access lists, invoices
        private const string VSa = "2024-08-05";      // every service-account endpoint
        private const string VCluster = "2024-08-05"; // clusters (the version without a sunset date)
        private const string P = "/api/atlas/v2";

        // Organizations
        public static readonly AtlasOperation ListOrgs = new AtlasOperation("listOrgs", "GET", P + "/orgs", V1);
        public static readonly AtlasOperation CreateOrg = new AtlasOperation("createOrg", "POST", P + "/orgs", V1, true);
        public static readonly AtlasOperation GetOrg = new AtlasOperation("getOrg", "GET", P + "/orgs/{orgId}", V1);
        public static readonly AtlasOperation UpdateOrg = new AtlasOperation("updateOrg", "PATCH", P + "/orgs/{orgId}", V1, true);
        public static readonly AtlasOperation DeleteOrg = new AtlasOperation("deleteOrg", "DELETE", P + "/orgs/{orgId}", V1);
        public static readonly AtlasOperation GetOrgSettings = new AtlasOperation("getOrgSettings", "GET", P + "/orgs/{orgId}/settings", V1);

        // Projects
        public static readonly AtlasOperation ListGroups = new AtlasOperation("listGroups", "GET", P + "/groups", V1);
        public static readonly AtlasOperation GetOrgGroups = new AtlasOperation("getOrgGroups", "GET", P + "/orgs/{orgId}/groups", V1);
        public static readonly AtlasOperation GetGroup = new AtlasOperation("getGroup", "GET", P + "/groups/{groupId}", V1);

        // Organization API keys
        public static readonly AtlasOperation ListOrgApiKeys = new AtlasOperation("listOrgApiKeys", "GET", P + "/orgs/{orgId}/apiKeys", V1);
        public static readonly AtlasOperation CreateOrgApiKey = new AtlasOperation("createOrgApiKey", "POST", P + "/orgs/{orgId}/apiKeys", V1, true);
        public static readonly AtlasOperation GetOrgApiKey = new AtlasOperation("getOrgApiKey", "GET", P + "/orgs/{orgId}/apiKeys/{apiUserId}", V1);
        public static readonly AtlasOperation UpdateOrgApiKey = new AtlasOperation("updateOrgApiKey", "PATCH", P + "/orgs/{orgId}/apiKeys/{apiUserId}", V1, true);
        public static readonly AtlasOperation DeleteOrgApiKey = new AtlasOperation("deleteOrgApiKey", "DELETE", P + "/orgs/{orgId}/apiKeys/{apiUserId}", V1);

        // Organization API key access lists
        public static readonly AtlasOperation ListOrgApiKeyAccessListEntries = new AtlasOperation("listOrgApiKeyAccessListEntries", "GET", P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList", V1);
        public static readonly AtlasOperation CreateOrgApiKeyAccessListEntry = new AtlasOperation("createOrgApiKeyAccessListEntry", "POST", P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList", V1, true);
        public static readonly AtlasOperation GetOrgApiKeyAccessListEntry = new AtlasOperation("getOrgApiKeyAccessListEntry", "GET", P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", V1);
        public static readonly AtlasOperation DeleteOrgApiKeyAccessListEntry = new AtlasOperation("deleteOrgApiKeyAccessListEntry", "DELETE", P + "/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", V1);

        // Project API keys
        public static readonly AtlasOperation ListGroupApiKeys = new AtlasOperation("listGroupApiKeys", "GET", P + "/groups/{groupId}/apiKeys", V1);
        public static readonly AtlasOperation CreateGroupApiKey = new AtlasOperation("createGroupApiKey", "POST", P + "/groups/{groupId}/apiKeys", V1, true);
        public static readonly AtlasOperation AddGroupApiKey = new AtlasOperation("addGroupApiKey", "POST", P + "/groups/{groupId}/apiKeys/{apiUserId}", V1, true);
        public static readonly AtlasOperation UpdateGroupApiKeyRoles = new AtlasOperation("updateGroupApiKeyRoles", "PATCH", P + "/groups/{groupId}/apiKeys/{apiUserId}", V1, true);
        public static readonly AtlasOperation RemoveGroupApiKey = new AtlasOperation("removeGroupApiKey", "DELETE", P + "/groups/{groupId}/apiKeys/{apiUserId}", V1);

        // Organization service accounts
        public static readonly AtlasOperation ListOrgServiceAccounts = new AtlasOperation("listOrgServiceAccounts", "GET", P + "/orgs/{orgId}/serviceAccounts", VSa);
        public static readonly AtlasOperation CreateOrgServiceAccount = new AtlasOperation("createOrgServiceAccount", "POST", P + "/orgs/{orgId}/serviceAccounts", VSa, true);
        public static readonly AtlasOperation GetOrgServiceAccount = new AtlasOperation("getOrgServiceAccount", "GET", P + "/orgs/{orgId}/serviceAccounts/{clientId}", VSa);
        public static readonly AtlasOperation UpdateOrgServiceAccount = new AtlasOperation("updateOrgServiceAccount", "PATCH", P + "/orgs/{orgId}/serviceAccounts/{clientId}", VSa, true);
        public static readonly AtlasOperation DeleteOrgServiceAccount = new AtlasOperation("deleteOrgServiceAccount", "DELETE", P + "/orgs/{orgId}/serviceAccounts/{clientId}", VSa);
        public static readonly AtlasOperation GetOrgServiceAccountGroups = new AtlasOperation("getOrgServiceAccountGroups", "GET", P + "/orgs/{orgId}/serviceAccounts/{clientId}/groups", VSa);
        public static readonly AtlasOperation CreateOrgServiceAccountSecret = new AtlasOperation("createOrgServiceAccountSecret", "POST", P + "/orgs/{orgId}/serviceAccounts/{clientId}/secrets", VSa, true);
        public static readonly AtlasOperation DeleteOrgServiceAccountSecret = new AtlasOperation("deleteOrgServiceAccountSecret", "DELETE", P + "/orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}", VSa);
        public static readonly AtlasOperation ListOrgServiceAccountAccessList = new AtlasOperation("listOrgServiceAccountAccessList", "GET", P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList", VSa);
        public static readonly AtlasOperation CreateOrgServiceAccountAccessList = new AtlasOperation("createOrgServiceAccountAccessList", "POST", P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList", VSa, true);
        public static readonly AtlasOperation DeleteOrgServiceAccountAccessListEntry = new AtlasOperation("deleteOrgServiceAccountAccessListEntry", "DELETE", P + "/orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}", VSa);

        // Project service accounts
        public static readonly AtlasOperation ListGroupServiceAccounts = new AtlasOperation("listGroupServiceAccounts", "GET", P + "/groups/{groupId}/serviceAccounts", VSa);
        public static readonly AtlasOperation CreateGroupServiceAccount = new AtlasOperation("createGroupServiceAccount", "POST", P + "/groups/{groupId}/serviceAccounts", VSa, true);
        public static readonly AtlasOperation GetGroupServiceAccount = new AtlasOperation("getGroupServiceAccount", "GET", P + "/groups/{groupId}/serviceAccounts/{clientId}", VSa);
        public static readonly AtlasOperation UpdateGroupServiceAccount = new AtlasOperation("updateGroupServiceAccount", "PATCH", P + "/groups/{groupId}/serviceAccounts/{clientId}", VSa, true);
        public static readonly AtlasOperation DeleteGroupServiceAccount = new AtlasOperation("deleteGroupServiceAccount", "DELETE", P + "/groups/{groupId}/serviceAccounts/{clientId}", VSa);
        public static readonly AtlasOperation InviteGroupServiceAccount = new AtlasOperation("inviteGroupServiceAccount", "POST", P + "/groups/{groupId}/serviceAccounts/{clientId}:invite", VSa, true);
        public static readonly AtlasOperation CreateGroupServiceAccountSecret = new AtlasOperation("createGroupServiceAccountSecret", "POST", P + "/groups/{groupId}/serviceAccounts/{clientId}/secrets", VSa, true);
        public static readonly AtlasOperation DeleteGroupServiceAccountSecret = new AtlasOperation("deleteGroupServiceAccountSecret", "DELETE", P + "/groups/{groupId}/serviceAccounts/{clientId}/secrets/{secretId}", VSa);
        public static readonly AtlasOperation ListGroupServiceAccountAccessList = new AtlasOperation("listGroupServiceAccountAccessList", "GET", P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList", VSa);
        public static readonly AtlasOperation CreateGroupServiceAccountAccessList = new AtlasOperation("createGroupServiceAccountAccessList", "POST", P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList", VSa, true);
        public static readonly AtlasOperation DeleteGroupServiceAccountAccessListEntry = new AtlasOperation("deleteGroupServiceAccountAccessListEntry", "DELETE", P + "/groups/{groupId}/serviceAccounts/{clientId}/accessList/{ipAddress}", VSa);

        // Billing and inventory
        public static readonly AtlasOperation ListOrgInvoices = new AtlasOperation("listOrgInvoices", "GET", P + "/orgs/{orgId}/invoices", V1);
        public static readonly AtlasOperation GetOrgInvoice = new AtlasOperation("getOrgInvoice", "GET", P + "/orgs/{orgId}/invoices/{invoiceId}", V1);
        public static readonly AtlasOperation ListOrgInvoicePending = new AtlasOperation("listOrgInvoicePending", "GET", P + "/orgs/{orgId}/invoices/pending", V1);
        public static readonly AtlasOperation ListGroupClusters = new AtlasOperation("listGroupClusters", "GET", P + "/groups/{groupId}/clusters", VCluster);

        private static readonly Lazy<IReadOnlyList<AtlasOperation>> all = new Lazy<IReadOnlyList<AtlasOperation>>(() =>
            typeof(AtlasOperations).GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType == typeof(AtlasOperation))
                .Select(f => (AtlasOperation)f.GetValue(null)!)
                .ToList());

        /// <summary>Every operation in the table.</summary>
        public static IReadOnlyList<AtlasOperation> All => all.Value;

        public static AtlasOperation Get(string operationId) =>
            All.FirstOrDefault(o => o.OperationId == operationId)
            ?? throw new KeyNotFoundException("No operation " + operationId + " in the table.");
    }
}
