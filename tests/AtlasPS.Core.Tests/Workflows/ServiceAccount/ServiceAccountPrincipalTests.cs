using Xunit;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>The shared access-list and project-access workflows with a service-account principal (what the cmdlets' ServiceAccount sets call).</summary>
public class ServiceAccountPrincipalTests
{
    [Fact]
    public async Task Access_list_add_list_remove_reach_the_service_account()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var sa = PrincipalRef.ServiceAccount(server.Seed.ServiceAccountClientId);

        var added = await AccessListEntryWorkflows.AddAsync(conn, null, sa, new[] { "203.0.113.5", "198.51.100.0/24" });
        Assert.Equal(new[] { "203.0.113.5/32", "198.51.100.0/24" }, added.Select(e => e.CidrBlock));
        Assert.All(added, e => Assert.Equal(server.Seed.ServiceAccountClientId, e.ClientId));

        var listed = new List<AccessListEntry>();
        await foreach (var e in AccessListEntryWorkflows.ListAsync(conn, null, sa)) listed.Add(e);
        Assert.Contains(listed, e => e.CidrBlock == "198.51.100.0/24" && e.PrincipalType == PrincipalType.ServiceAccount);

        var removed = await AccessListEntryWorkflows.RemoveAsync(conn, null, sa, new[] { "203.0.113.5", "198.51.100.0/24" });
        Assert.All(removed, r => Assert.True(r.Succeeded, r.Error?.Message));
        var after = new List<AccessListEntry>();
        await foreach (var e in AccessListEntryWorkflows.ListAsync(conn, null, sa)) after.Add(e);
        Assert.DoesNotContain(after, e => e.CidrBlock == "198.51.100.0/24" || e.CidrBlock == "203.0.113.5/32");
    }

    [Fact]
    public async Task Grant_then_revoke_without_roles_removes_the_account_from_the_project_only()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        string clientId = server.Seed.ServiceAccountClientId, p1 = server.Seed.ProjectIds[0];
        var sa = PrincipalRef.ServiceAccount(clientId);

        var granted = await ProjectAccessWorkflows.GrantAsync(conn, new[] { p1 }, sa, new[] { "GROUP_READ_ONLY" });
        Assert.True(granted[0].Succeeded, granted[0].Error?.Message);
        Assert.Contains("GROUP_READ_ONLY", granted[0].Access!.Roles);

        var listing = await ProjectAccessWorkflows.GetAsync(conn, p1);
        Assert.Contains(listing, a => a.ClientId == clientId && a.PrincipalType == PrincipalType.ServiceAccount);

        var revoked = await ProjectAccessWorkflows.RevokeAsync(conn, new[] { p1 }, sa, null);
        Assert.True(revoked[0].Succeeded, revoked[0].Error?.Message);
        Assert.True(revoked[0].Removed);
        Assert.Null(revoked[0].Access);
        Assert.DoesNotContain(await ProjectAccessWorkflows.GetAsync(conn, p1, sa), a => a.ClientId == clientId);
        // Still in the organization.
        Assert.Equal(clientId, (await ServiceAccountWorkflows.GetAsync(conn, null, clientId)).ClientId);
    }
}
