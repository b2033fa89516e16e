using System.Text.RegularExpressions;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// operationId -> a call through the client that sends exactly that operation with plausible values.
/// Public resource-client methods are used wherever one exists, so the bodies are the ones AtlasPS really sends.
/// The few operations that have no resource method yet are sent through the client's Refit interface (IAtlasApi) with
/// the wire DTOs (same serializer, media types and path escaping) and are listed in <see cref="WithoutResourceMethod"/>.
/// </summary>
internal static class ClientOperationTable
{
    public const string OrgId = "4888442a3354817a7320eb61";
    public const string ProjectId = "32b6e34b3d91647abb20e7b8";
    public const string ApiKeyId = "5f1a2b3c4d5e6f7a8b9c0d1e";
    public const string ClientId = "mdb_sa_id_1234567890abcdef12345678";
    public const string SecretId = "6a1b2c3d4e5f6a7b8c9d0e1f";
    public const string InvoiceId = "5e1f2a3b4c5d6e7f8a9b0c1d";
    public const string Cidr = "192.0.2.0/24";     // exercises %2F in {ipAddress}
    public const string Address = "192.0.2.10";

    private static readonly AccessListSpec[] Entries =
    {
        new AccessListSpec { IpAddress = Address },
        new AccessListSpec { CidrBlock = "198.51.100.0/24" },
    };

    private static readonly ServiceAccountSpec OrgSa = new()
    {
        Name = "contract-sa", Description = "Contract test account", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 720,
    };

    private static async Task Drain<T>(IAsyncEnumerable<T> items)
    {
        await foreach (var _ in items.ConfigureAwait(false)) { }
    }

    public static readonly IReadOnlyDictionary<string, Func<AtlasClient, Task>> Calls = new Dictionary<string, Func<AtlasClient, Task>>
    {
        // Organizations
        ["listOrgs"] = c => Drain(c.Organizations.ListAsync()),
        ["createOrg"] = c => c.Organizations.CreateAsync("Contract-Org", "first key", new[] { "ORG_OWNER" }, OrgSa, null),
        ["getOrg"] = c => c.Organizations.GetAsync(OrgId),
        ["updateOrg"] = c => c.Organizations.RenameAsync(OrgId, "Renamed-Org"),
        ["deleteOrg"] = c => c.Organizations.DeleteAsync(OrgId),
        ["getOrgSettings"] = c => c.Organizations.GetMaxSecretValidityHoursAsync(OrgId),

        // Projects
        ["listGroups"] = c => Drain(c.Projects.ListAllAsync()),
        ["getOrgGroups"] = c => Drain(c.Projects.ListAsync(OrgId)),
        ["getGroup"] = c => c.Projects.GetAsync(ProjectId),

        // Organization API keys
        ["listOrgApiKeys"] = c => Drain(c.ApiKeys.ListAsync(OrgId)),
        ["createOrgApiKey"] = c => c.ApiKeys.CreateAsync(OrgId, "contract key", new[] { "ORG_MEMBER", "ORG_READ_ONLY" }),
        ["getOrgApiKey"] = c => c.ApiKeys.GetAsync(OrgId, ApiKeyId),
        ["updateOrgApiKey"] = c => c.ApiKeys.UpdateAsync(OrgId, ApiKeyId, "renamed key", new[] { "ORG_BILLING_READ_ONLY" }),
        ["deleteOrgApiKey"] = c => c.ApiKeys.DeleteAsync(OrgId, ApiKeyId),

        // API key access lists
        ["listOrgApiKeyAccessListEntries"] = c => Drain(c.ApiKeys.ListAccessListAsync(OrgId, ApiKeyId)),
        ["createOrgApiKeyAccessListEntry"] = c => c.ApiKeys.AddAccessListAsync(OrgId, ApiKeyId, Entries),
        ["getOrgApiKeyAccessListEntry"] = c => c.ApiKeys.GetAccessListEntryAsync(OrgId, ApiKeyId, Cidr),
        ["deleteOrgApiKeyAccessListEntry"] = c => c.ApiKeys.RemoveAccessListEntryAsync(OrgId, ApiKeyId, Cidr),

        // Project API keys
        ["listGroupApiKeys"] = c => Drain(c.ApiKeys.ListProjectAccessAsync(ProjectId)),
        ["createGroupApiKey"] = c => c.ApiKeys.CreateInProjectAsync(OrgId, ProjectId, "project key", new[] { "GROUP_READ_ONLY" }),
        ["addGroupApiKey"] = c => c.ApiKeys.AssignToProjectAsync(ProjectId, ApiKeyId, new[] { "GROUP_READ_ONLY" }),
        ["updateGroupApiKeyRoles"] = c => c.ApiKeys.SetProjectRolesAsync(ProjectId, ApiKeyId, new[] { "GROUP_OWNER" }),
        ["removeGroupApiKey"] = c => c.ApiKeys.UnassignFromProjectAsync(ProjectId, ApiKeyId),

        // Organization service accounts
        ["listOrgServiceAccounts"] = c => Drain(c.ServiceAccounts.ListAsync(OrgId)),
        ["createOrgServiceAccount"] = c => c.ServiceAccounts.CreateAsync(OrgId, OrgSa),
        ["getOrgServiceAccount"] = c => c.ServiceAccounts.GetAsync(OrgId, ClientId),
        ["updateOrgServiceAccount"] = c => c.ServiceAccounts.UpdateAsync(OrgId, ClientId, "renamed-sa", "New description", new[] { "ORG_READ_ONLY" }),
        ["deleteOrgServiceAccount"] = c => c.ServiceAccounts.DeleteAsync(OrgId, ClientId),
        ["getOrgServiceAccountGroups"] = c => Drain(c.ServiceAccounts.ListProjectsAsync(OrgId, ClientId)),
        ["createOrgServiceAccountSecret"] = c => c.ServiceAccounts.CreateSecretAsync(OrgId, ClientId, 720),
        ["deleteOrgServiceAccountSecret"] = c => c.ServiceAccounts.DeleteSecretAsync(OrgId, ClientId, SecretId),
        ["listOrgServiceAccountAccessList"] = c => Drain(c.ServiceAccounts.ListAccessListAsync(OrgId, ClientId)),
        ["createOrgServiceAccountAccessList"] = c => c.ServiceAccounts.AddAccessListAsync(OrgId, ClientId, Entries),
        ["deleteOrgServiceAccountAccessListEntry"] = c => c.ServiceAccounts.RemoveAccessListEntryAsync(OrgId, ClientId, Cidr),

        // Project service accounts
        ["listGroupServiceAccounts"] = c => Drain(c.ServiceAccounts.ListInProjectAsync(OrgId, ProjectId)),
        ["createGroupServiceAccount"] = async c => // no resource method yet
            (await c.Http.Api.CreateGroupServiceAccount(ProjectId,
                new OrgServiceAccountRequest { Name = "project-sa", Description = "Project account", Roles = new List<string> { "GROUP_READ_ONLY" }, SecretExpiresAfterHours = 720 },
                default).ConfigureAwait(false)).ToModel(OrgId, ProjectId),
        ["getGroupServiceAccount"] = c => c.ServiceAccounts.GetInProjectAsync(OrgId, ProjectId, ClientId),
        ["updateGroupServiceAccount"] = c => c.ServiceAccounts.SetProjectRolesAsync(OrgId, ProjectId, ClientId, new[] { "GROUP_OWNER" }),
        ["deleteGroupServiceAccount"] = c => c.ServiceAccounts.RemoveFromProjectAsync(ProjectId, ClientId),
        ["inviteGroupServiceAccount"] = c => c.ServiceAccounts.InviteToProjectAsync(OrgId, ProjectId, ClientId, new[] { "GROUP_READ_ONLY" }),
        ["createGroupServiceAccountSecret"] = async c => // no resource method yet
            (await c.Http.Api.CreateGroupServiceAccountSecret(ProjectId, ClientId, new ServiceAccountSecretRequest { SecretExpiresAfterHours = 720 }, default).ConfigureAwait(false))
                .ToModel(OrgId, ClientId),
        ["deleteGroupServiceAccountSecret"] = c => // no resource method yet
            c.Http.Api.DeleteGroupServiceAccountSecret(ProjectId, ClientId, SecretId, default),
        ["listGroupServiceAccountAccessList"] = async c => // no resource method yet
            (await c.Http.Api.ListGroupServiceAccountAccessList(ProjectId, ClientId, 1, 500, true, default).ConfigureAwait(false))
                .Results.Select(e => e.ToModel(OrgId, ClientId)).ToList(),
        ["createGroupServiceAccountAccessList"] = async c => // no resource method yet
            (await c.Http.Api.CreateGroupServiceAccountAccessList(ProjectId, ClientId,
                Entries.Select(e => new AccessListRequest { IpAddress = e.IpAddress, CidrBlock = e.CidrBlock }).ToList(), default).ConfigureAwait(false))
                .Results.Select(e => e.ToModel(OrgId, ClientId)).ToList(),
        ["deleteGroupServiceAccountAccessListEntry"] = c => // no resource method yet
            c.Http.Api.DeleteGroupServiceAccountAccessListEntry(ProjectId, ClientId, Cidr, default),

        // Billing and inventory
        ["listOrgInvoices"] = c => Drain(c.Billing.ListInvoicesAsync(OrgId, new DateTime(2026, 1, 1), new DateTime(2026, 6, 30))),
        ["getOrgInvoice"] = c => c.Billing.GetInvoiceAsync(OrgId, InvoiceId),
        ["listOrgInvoicePending"] = c => c.Billing.ListPendingAsync(OrgId),
        ["listGroupClusters"] = c => Drain(c.Clusters.ListAsync(ProjectId)),
    };

    /// <summary>Operations sent through IAtlasApi directly because no public resource method sends them yet.</summary>
    public static readonly IReadOnlyCollection<string> WithoutResourceMethod = new[]
    {
        "createGroupServiceAccount", "createGroupServiceAccountSecret", "deleteGroupServiceAccountSecret",
        "listGroupServiceAccountAccessList", "createGroupServiceAccountAccessList", "deleteGroupServiceAccountAccessListEntry",
    };

    /// <summary>A regex for the request path of an operation: each {placeholder} is one escaped path segment.</summary>
    public static Regex PathPattern(AtlasOperation op) =>
        new("^" + Regex.Replace(Regex.Escape(op.PathTemplate), @"\\\{[A-Za-z]+}", "[^/?]+") + @"(\?.*)?$");
}
