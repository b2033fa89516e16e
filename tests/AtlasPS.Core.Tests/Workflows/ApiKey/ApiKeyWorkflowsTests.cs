using Xunit;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class ApiKeyWorkflowsTests
{
    [Fact]
    public async Task Deployment_tool_key_with_ORG_GROUP_CREATOR()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "deployment tool", Roles = new[] { "org_group_creator" } });

        var stored = server.State.GetApiKey(key.Id);
        Assert.NotNull(stored);
        Assert.Equal("deployment tool", stored!.Description);
        Assert.Equal(new[] { "ORG_GROUP_CREATOR" }, stored.OrgRoles);
        Assert.Equal(stored.PublicKey, key.PublicKey);
        Assert.NotNull(key.PrivateKey);
        Assert.True(key.PrivateKey!.Length > 0);
        Assert.Contains(conn.Known.Get(ApiKeyWorkflows.KnownKind), p => p.Key == key.Id);
        Assert.Empty(stored.AccessList);
        Assert.Empty(stored.ProjectRoles);
    }

    [Fact]
    public async Task Cost_tool_key_with_billing_roles_five_addresses_in_one_POST_and_read_only_on_every_project()
    {
        await using var server = await StartAsync(projects: 5);
        using var conn = await ConnectAsync(server);
        var addresses = new[] { "203.0.113.10", "203.0.113.11", "203.0.113.12", "198.51.100.7", "2001:db8::5" };
        server.Requests.Clear();

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "cost-tool (read-only billing)",
            Roles = new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" },
            AccessList = addresses,
            ProjectIds = server.Seed.ProjectIds,
            ProjectRoles = new[] { "GROUP_READ_ONLY" },
            ThrottleLimit = 2,
        });

        var stored = server.State.GetApiKey(key.Id)!;
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, stored.OrgRoles.OrderBy(r => r));
        Assert.Equal(5, stored.AccessList.Count);
        Assert.Contains(stored.AccessList, e => e.IpAddress == "2001:db8::5" || e.CidrBlock == "2001:db8::5/128");
        var accessListPosts = server.Requests.Entries.Where(e => e.Method == "POST" && e.Path.EndsWith("/accessList", StringComparison.Ordinal) && e.Status == 200).ToList();
        Assert.Single(accessListPosts);
        Assert.Equal(5, stored.ProjectRoles.Count);
        foreach (var pid in server.Seed.ProjectIds)
            Assert.Equal(new[] { "GROUP_READ_ONLY" }, stored.ProjectRoles[pid]);
        Assert.Equal(5, key.ProjectRoles.Length);
    }

    [Fact]
    public async Task List_describe_change_and_delete_a_key_which_then_leaves_its_projects()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var project = server.Seed.ProjectIds[0];
        var cost = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "cost-tool reader", Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = new[] { project }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });
        var deploy = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "deploy bot", Roles = new[] { "ORG_GROUP_CREATOR" } });

        var all = await ToListAsync(ApiKeyWorkflows.ListAsync(conn, null));
        Assert.Contains(all, k => k.Id == cost.Id);
        Assert.Contains(all, k => k.Id == deploy.Id);
        Assert.All(all, k => Assert.Null(k.PrivateKey));

        var byId = await ApiKeyWorkflows.GetByIdAsync(conn, null, cost.Id);
        Assert.Equal("cost-tool reader", byId.Description);
        Assert.Null(byId.PrivateKey);
        Assert.StartsWith("*", byId.MaskedPrivateKey);
        Assert.Contains(byId.ProjectRoles, p => p.ProjectId == project && p.Roles.Contains("GROUP_READ_ONLY"));
        var byPublic = await ApiKeyWorkflows.GetByPublicKeyAsync(conn, null, deploy.PublicKey);
        Assert.Equal(deploy.Id, byPublic.Id);
        var byWildcard = await ToListAsync(ApiKeyWorkflows.ListAsync(conn, null, null, new[] { "COST*" }));
        Assert.Equal(new[] { cost.Id }, byWildcard.Select(k => k.Id));
        var missing = await Assert.ThrowsAsync<AtlasNotFoundException>(() => ApiKeyWorkflows.GetByPublicKeyAsync(conn, null, "zzzzzzzz"));
        Assert.Equal("AtlasApiKeyNotFound", missing.ErrorId);

        var changed = await ApiKeyWorkflows.UpdateAsync(conn, null, cost.Id, "cost-tool v2", new[] { "ORG_BILLING_READ_ONLY" });
        Assert.Equal("cost-tool v2", changed.Description);
        var stored = server.State.GetApiKey(cost.Id)!;
        Assert.Equal("cost-tool v2", stored.Description);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY" }, stored.OrgRoles);

        var onlyDesc = await ApiKeyWorkflows.UpdateAsync(conn, null, cost.Id, "cost-tool v3", null);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY" }, server.State.GetApiKey(cost.Id)!.OrgRoles);

        await ApiKeyWorkflows.RemoveAsync(conn, null, cost.Id);
        Assert.Null(server.State.GetApiKey(cost.Id));
        var inProject = await ProjectAccessWorkflows.GetAsync(conn, project);
        Assert.DoesNotContain(inProject, a => a.ApiKeyId == cost.Id);
        Assert.DoesNotContain(conn.Known.Get(ApiKeyWorkflows.KnownKind), p => p.Key == cost.Id);
        var gone = await Assert.ThrowsAsync<AtlasApiException>(() => ApiKeyWorkflows.GetByIdAsync(conn, null, cost.Id));
        Assert.Equal(404, gone.StatusCode);
    }

    [Fact]
    public async Task Failed_assignment_deletes_the_new_key_again_and_says_so()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        int keysBefore = server.State.ApiKeys.Count;

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "half-made", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.9" },
            ProjectIds = new[] { server.Seed.ProjectIds[0], MissingId }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        }));

        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        Assert.Contains("project assignments", ex.Message);
        Assert.Contains(MissingId, ex.Message);
        Assert.Contains("deleted again", ex.Message);
        Assert.Equal(404, Assert.IsType<AtlasApiException>(ex.InnerException).StatusCode);
        Assert.Equal(keysBefore, server.State.ApiKeys.Count);
        Assert.DoesNotContain(server.State.ApiKeys, k => k.Description == "half-made");
        Assert.Contains(server.Requests.Entries, e => e.Method == "DELETE" && e.Path.Contains("/apiKeys/") && e.Status == 204);
    }

    [Fact]
    public async Task When_the_rollback_fails_too_the_error_names_the_key_that_is_left()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        server.Faults.DropConnection("DELETE", $"orgs/{server.Seed.OrgId}/apiKeys/", DropTiming.BeforeHandler, count: 20);

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "stuck", Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = new[] { MissingId }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        }));

        var left = Assert.Single(server.State.ApiKeys, k => k.Description == "stuck");
        Assert.Equal("AtlasCreationRollbackFailed", ex.ErrorId);
        Assert.Contains(left.Id, ex.Message);
        Assert.Contains("-ApiKeyId " + left.Id, ex.Message);
        // Left in Atlas and stored nowhere: the error hands the secret back (never in its text).
        var unstored = Assert.IsType<AtlasPS.Core.Secrets.UnstoredCredential>(ex.TargetObject);
        Assert.Equal(left.Id, unstored.CredentialId);
        Assert.Equal(left.PublicKey, unstored.Identity);
    }

    [Fact]
    public async Task Failed_hand_off_deletes_the_key_before_anything_else_is_sent()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var vault = new AtlasPS.Core.Tests.Secrets.InMemoryVault("ci") { FailSetSecret = "vault 'ci' is locked" };

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(conn,
            new NewApiKeyRequest { Description = "vaulted", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.9" } },
            new AtlasPS.Core.Secrets.CredentialHandoff(vault, "ci", "atlas-ci", false)));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains("Storing API key 'vaulted'", ex.Message);
        Assert.Contains("vault 'ci' is locked", ex.Message);
        Assert.DoesNotContain(server.State.ApiKeys, k => k.Description == "vaulted");
        Assert.Contains(server.Requests.Entries, e => e.Method == "DELETE" && e.Path.Contains("/apiKeys/") && e.Status == 204);
        Assert.DoesNotContain(server.Requests.Entries, e => e.Method == "POST" && e.Path.EndsWith("/accessList", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_is_refused_before_any_request()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        server.Requests.Clear();

        var badIp = Assert.Throws<AtlasValidationException>(() => ApiKeyWorkflows.Validate(conn, new NewApiKeyRequest
            { Description = "x", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.300" } }));
        Assert.Equal("AtlasInvalidIpAddress", badIp.ErrorId);
        var projectRoleAsOrg = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
            { Description = "x", Roles = new[] { "GROUP_READ_ONLY" } }));
        Assert.Equal("AtlasProjectRoleOnOrganization", projectRoleAsOrg.ErrorId);
        var noRoleForProjects = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
            { Description = "x", Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = new[] { server.Seed.ProjectIds[0] } }));
        Assert.Equal("AtlasMissingRole", noRoleForProjects.ErrorId);
        var badProject = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
            { Description = "x", Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = new[] { "not-a-project" }, ProjectRoles = new[] { "GROUP_READ_ONLY" } }));
        Assert.Equal("AtlasInvalidProjectId", badProject.ErrorId);
        var throttle = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
            { Description = "x", Roles = new[] { "ORG_READ_ONLY" }, ThrottleLimit = 0 }));
        Assert.Equal("AtlasInvalidThrottleLimit", throttle.ErrorId);

        Assert.Equal(0, server.Requests.Count());
    }

    internal static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }
}
