using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Bench;

/// <summary>
/// The AtlasPS side of each scenario: the same core calls the cmdlets make
/// (Get-AtlasApiKey, New-AtlasApiKey -AccessList -ProjectId, Add-AtlasAccessListEntry, Get-AtlasServiceAccount).
/// </summary>
public static class AtlasPsImpl
{
    public const int DefaultThrottleLimit = FanOut.DefaultThrottleLimit;

    public static IAsyncEnumerable<ApiKey> ListApiKeysAsync(AtlasConnection conn, string orgId) =>
        conn.Client.ApiKeys.ListAsync(orgId);

    public static IAsyncEnumerable<ServiceAccount> ListServiceAccountsAsync(AtlasConnection conn, string orgId) =>
        conn.Client.ServiceAccounts.ListAsync(orgId);

    /// <summary>New-AtlasApiKey -Role ... -AccessList ... -ProjectId ... -ProjectRole GROUP_READ_ONLY.</summary>
    public static async Task OnboardCostToolAsync(AtlasConnection conn, ScenarioContext c, AtlasPsSettings s)
    {
        var request = new NewApiKeyRequest
        {
            OrganizationId = c.OrgId,
            Description = Scenarios.CostToolKeyDescription,
            Roles = Scenarios.CostToolOrgRoles,
            AccessList = c.Entries,
            ProjectIds = c.ProjectIds,
            ProjectRoles = new[] { Scenarios.ProjectRole },
        };
        if (s.ThrottleLimit is { } t) request.ThrottleLimit = t;
        await ApiKeyWorkflows.CreateAsync(conn, request);
    }

    /// <summary>Add-AtlasAccessListEntry -ApiKeyId K -IpAddress (1,000 entries).</summary>
    public static Task AddAccessListAsync(AtlasConnection conn, string orgId, string keyId, IReadOnlyList<string> entries) =>
        AccessListEntryWorkflows.AddAsync(conn, orgId, PrincipalRef.ApiKey(keyId), entries);
}
