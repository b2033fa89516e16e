using Xunit;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class ProjectAccessWorkflowsTests
{
    [Fact]
    public async Task Grant_assigns_new_projects_and_adds_roles_to_an_existing_assignment()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        string p1 = server.Seed.ProjectIds[0], p2 = server.Seed.ProjectIds[1];
        server.State.AssignApiKeyToProject(keyId, p1, new[] { "GROUP_READ_ONLY" });

        var results = await ProjectAccessWorkflows.GrantAsync(conn, new[] { p1, p2 }, PrincipalRef.ApiKey(keyId), new[] { "GROUP_CLUSTER_MANAGER" });

        Assert.Equal(new[] { p1, p2 }, results.Select(r => r.ProjectId));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        var roles = server.State.ApiKeyProjectAssignments(keyId);
        Assert.Equal(new[] { "GROUP_CLUSTER_MANAGER", "GROUP_READ_ONLY" }, roles[p1].OrderBy(r => r));
        Assert.Equal(new[] { "GROUP_CLUSTER_MANAGER" }, roles[p2]);
        Assert.Equal(new[] { "GROUP_CLUSTER_MANAGER", "GROUP_READ_ONLY" }, results[0].Access!.Roles.OrderBy(r => r));
    }

    [Fact]
    public async Task Set_replaces_roles_and_Get_lists_keys_with_their_project_roles()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, publicKey, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        string p1 = server.Seed.ProjectIds[0];
        server.State.AssignApiKeyToProject(keyId, p1, new[] { "GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER" });

        var set = await ProjectAccessWorkflows.SetAsync(conn, new[] { p1 }, PrincipalRef.ApiKey(keyId), new[] { "GROUP_OWNER" });
        Assert.True(set[0].Succeeded, set[0].Error?.Message);
        Assert.Equal(new[] { "GROUP_OWNER" }, server.State.ApiKeyProjectAssignments(keyId)[p1]);

        var access = await ProjectAccessWorkflows.GetAsync(conn, p1);
        var mine = Assert.Single(access, a => a.ApiKeyId == keyId);
        Assert.Equal(publicKey, mine.PublicKey);
        Assert.Equal(new[] { "GROUP_OWNER" }, mine.Roles);
        Assert.Equal(PrincipalType.ApiKey, mine.PrincipalType);
        Assert.Contains(conn.Known.Get(ApiKeyWorkflows.KnownKind), p => p.Key == keyId);
    }

    [Fact]
    public async Task Revoke_named_roles_keeps_the_rest_and_revoke_without_roles_unassigns()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        string p1 = server.Seed.ProjectIds[0], p2 = server.Seed.ProjectIds[1], p3 = server.Seed.ProjectIds[2];
        foreach (var p in new[] { p1, p2, p3 })
            server.State.AssignApiKeyToProject(keyId, p, new[] { "GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER" });

        var named = await ProjectAccessWorkflows.RevokeAsync(conn, new[] { p1 }, PrincipalRef.ApiKey(keyId), new[] { "GROUP_CLUSTER_MANAGER" });
        Assert.False(named[0].Removed);
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, server.State.ApiKeyProjectAssignments(keyId)[p1]);

        var all = await ProjectAccessWorkflows.RevokeAsync(conn, new[] { p2 }, PrincipalRef.ApiKey(keyId), null);
        Assert.True(all[0].Removed);
        Assert.False(server.State.ApiKeyProjectAssignments(keyId).ContainsKey(p2));

        var lastRoles = await ProjectAccessWorkflows.RevokeAsync(conn, new[] { p3 }, PrincipalRef.ApiKey(keyId), new[] { "GROUP_READ_ONLY", "GROUP_CLUSTER_MANAGER" });
        Assert.True(lastRoles[0].Removed);
        Assert.False(server.State.ApiKeyProjectAssignments(keyId).ContainsKey(p3));
        Assert.True(server.State.ApiKeyProjectAssignments(keyId).ContainsKey(p1));
    }

    [Fact]
    public async Task A_failing_project_is_reported_alone_and_the_others_still_change_in_input_order()
    {
        await using var server = await StartAsync(projects: 6);
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        var ids = server.Seed.ProjectIds.Take(2).Append(MissingId).Concat(server.Seed.ProjectIds.Skip(2)).ToList();

        var results = await ProjectAccessWorkflows.GrantAsync(conn, ids, PrincipalRef.ApiKey(keyId), new[] { "GROUP_READ_ONLY" }, throttleLimit: 3);

        Assert.Equal(ids, results.Select(r => r.ProjectId));
        var failed = Assert.Single(results, r => !r.Succeeded);
        Assert.Equal(MissingId, failed.ProjectId);
        Assert.Equal(404, Assert.IsType<AtlasApiException>(failed.Error).StatusCode);
        Assert.Equal(6, server.State.ApiKeyProjectAssignments(keyId).Count);
    }

    [Fact]
    public async Task Revoking_from_a_project_the_key_is_not_in_says_so()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        var r = await ProjectAccessWorkflows.RevokeAsync(conn, new[] { server.Seed.ProjectIds[0] }, PrincipalRef.ApiKey(keyId), new[] { "GROUP_READ_ONLY" });
        var ex = Assert.IsType<AtlasNotFoundException>(r[0].Error);
        Assert.Equal("AtlasProjectAccessNotFound", ex.ErrorId);
    }
}
