using AtlasPS.Core;
using AtlasPS.Core.Resources;

namespace AtlasPS.Bench;

/// <summary>
/// The AtlasPS side of each scenario: the same core calls the cmdlets make
/// (Get-AtlasApiKey, New-AtlasApiKey -AccessList -ProjectId, Add-AtlasAccessListEntry, Get-AtlasServiceAccount).
/// </summary>
public static class AtlasPsImpl
{
    public const int DefaultThrottleLimit = 4;

    public static IAsyncEnumerable<ApiKey> ListApiKeysAsync(AtlasConnection conn, string orgId) =>
        conn.Client.ApiKeys.ListAsync(orgId);

    public static IAsyncEnumerable<ServiceAccount> ListServiceAccountsAsync(AtlasConnection conn, string orgId) =>
        conn.Client.ServiceAccounts.ListAsync(orgId);

    // Interim: until the workflows land, the same steps the workflow takes, over the resource clients.
    public static async Task OnboardCostToolAsync(AtlasConnection conn, ScenarioContext c, AtlasPsSettings s)
    {
        var client = conn.Client;
        var key = await client.ApiKeys.CreateAsync(c.OrgId, Scenarios.CostToolKeyDescription, Scenarios.CostToolOrgRoles);
        await client.ApiKeys.AddAccessListAsync(c.OrgId, key.Id, c.Entries.Select(e => new AccessListSpec { IpAddress = e }));
        using var gate = new SemaphoreSlim(s.ThrottleLimit ?? DefaultThrottleLimit);
        await Task.WhenAll(c.ProjectIds.Select(async p =>
        {
            await gate.WaitAsync();
            try { await client.ApiKeys.AssignToProjectAsync(p, key.Id, new[] { Scenarios.ProjectRole }); }
            finally { gate.Release(); }
        }));
    }

    public static async Task AddAccessListAsync(AtlasConnection conn, string orgId, string keyId, IReadOnlyList<string> entries)
    {
        foreach (var chunk in entries.Chunk(200))
            await conn.Client.ApiKeys.AddAccessListAsync(orgId, keyId,
                chunk.Select(e => e.Contains('/') ? new AccessListSpec { CidrBlock = e } : new AccessListSpec { IpAddress = e }));
    }
}
