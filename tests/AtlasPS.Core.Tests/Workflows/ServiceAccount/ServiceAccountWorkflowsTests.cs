using AtlasPS.Core.Resources;
using AtlasPS.Core.Workflows;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>Rollback, access lists in chunks of 200, project access.</summary>
public sealed class ServiceAccountWorkflowsTests : IClassFixture<SaEmulatorFixture>
{
    private readonly SaEmulatorFixture fx;
    public ServiceAccountWorkflowsTests(SaEmulatorFixture fx) { this.fx = fx; }

    private static NewServiceAccountRequest Request(string name) => new()
    { Name = name, Description = "workflow test", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8 };

    [Fact]
    public async Task Failed_project_invite_rolls_the_account_back()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        string name = Connect.UniqueName("rollback");
        var req = Request(name);
        req.ProjectIds = new[] { server.Seed.ProjectIds[0], "0123456789abcdef01234567" };
        req.ProjectRoles = new[] { "GROUP_READ_ONLY" };

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ServiceAccountWorkflows.CreateAsync(owner, req));
        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        Assert.Contains("0123456789abcdef01234567", ex.Message);
        Assert.Contains("deleted again", ex.Message);
        Assert.IsType<AtlasApiException>(ex.InnerException);
        Assert.DoesNotContain(server.State.ServiceAccounts, s => s.Name == name);
        Assert.DoesNotContain(owner.Known.Get(ServiceAccountWorkflows.KnownKind), p => p.Value == name);
    }

    [Fact]
    public async Task Failed_hand_off_rolls_the_account_back_and_sees_the_secret_first()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        string name = Connect.UniqueName("handoff");
        var vault = new AtlasPS.Core.Tests.Secrets.InMemoryVault("V") { FailSetSecret = "vault is locked" };
        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ServiceAccountWorkflows.CreateAsync(owner, Request(name),
            new AtlasPS.Core.Secrets.CredentialHandoff(vault, "V", "sa", false)));
        Assert.True(vault.LastSetPassword is { Length: > 0 });   // the store step saw the one-time secret
        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);       // the same id as New-AtlasApiKey's
        Assert.Contains("vault is locked", ex.Message);
        Assert.Contains("Storing service account", ex.Message);
        Assert.Null(ex.TargetObject);
        Assert.DoesNotContain(server.State.ServiceAccounts, s => s.Name == name);
    }

    [Fact]
    public async Task Rollback_that_cannot_delete_names_the_client_id_left_behind()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        string name = Connect.UniqueName("stuck");
        var req = Request(name);
        req.ProjectIds = new[] { "0123456789abcdef01234567" };
        req.ProjectRoles = new[] { "GROUP_READ_ONLY" };
        server.Faults.DropConnection("DELETE", $"orgs/{server.Seed.OrgId}/serviceAccounts/", count: 20);
        AtlasWorkflowException ex;
        try { ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ServiceAccountWorkflows.CreateAsync(owner, req)); }
        finally { server.Faults.Reset(); }
        var left = Assert.Single(server.State.ServiceAccounts, s => s.Name == name);
        Assert.Equal("AtlasCreationRollbackFailed", ex.ErrorId);   // the same id as New-AtlasApiKey's
        Assert.Contains(left.ClientId, ex.Message);
        Assert.Contains("-ClientId " + left.ClientId, ex.Message);
        Assert.Equal(left.ClientId, Assert.IsType<AtlasPS.Core.Secrets.UnstoredCredential>(ex.TargetObject).Identity);
        await ServiceAccountWorkflows.DeleteAsync(owner, null, left.ClientId);
    }

    [Fact]
    public async Task Access_list_of_450_entries_goes_in_three_posts()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        var entries = Enumerable.Range(0, 450).Select(i => $"10.{i / 200}.{i % 200}.1").ToList();
        var req = Request(Connect.UniqueName("acl"));
        req.AccessList = entries;
        var sa = await ServiceAccountWorkflows.CreateAsync(owner, req);

        var posts = server.Requests.Entries.Where(e => e.Method == "POST" && e.Path.EndsWith($"/serviceAccounts/{sa.ClientId}/accessList", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, posts.Count); // ceil(450 / 200)
        Assert.All(posts, p => Assert.Equal(200, p.Status));
        Assert.Equal(450, server.State.ServiceAccountAccessList(sa.ClientId).Count);

        var listed = await ServiceAccountAccessListWorkflows.ListAsync(owner, null, sa.ClientId).ToListAsync();
        Assert.Equal(450, listed.Count);
        Assert.All(listed, e => Assert.Equal(PrincipalType.ServiceAccount, e.PrincipalType));

        // Add more later (one POST), remove one (a CIDR goes as %2F exactly once).
        var added = await ServiceAccountAccessListWorkflows.AddAsync(owner, null, sa.ClientId, new[] { "192.0.2.0/24", "2001:db8::1" });
        Assert.Equal(new[] { "192.0.2.0/24", "2001:db8::1/128" }, added.Select(e => e.CidrBlock));
        await ServiceAccountAccessListWorkflows.RemoveAsync(owner, null, sa.ClientId, "192.0.2.0/24");
        Assert.DoesNotContain(server.State.ServiceAccountAccessList(sa.ClientId), e => e.CidrBlock == "192.0.2.0/24");
        Assert.Contains(server.Requests.Entries, e => e.Method == "DELETE" && e.Path.EndsWith("/accessList/192.0.2.0%2F24", StringComparison.Ordinal));
        Assert.Equal(new[] { 200, 200, 51 }, AccessListEntryWorkflows.Chunk(Enumerable.Range(0, 451).ToList(), ServiceAccountsClient.MaxAccessListEntriesPerRequest).Select(c => c.Count));
        Assert.Equal(ServiceAccountsClient.MaxAccessListEntriesPerRequest, 200);
        await ServiceAccountWorkflows.DeleteAsync(owner, null, sa.ClientId);
    }

    [Fact]
    public async Task Project_access_grant_set_revoke_and_remove_leave_the_account_in_the_org()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        var sa = await ServiceAccountWorkflows.CreateAsync(owner, Request(Connect.UniqueName("access")));
        string p1 = server.Seed.ProjectIds[0], p2 = server.Seed.ProjectIds[1];
        const string bogus = "0123456789abcdef01234567";

        var granted = await ServiceAccountProjectAccessWorkflows.GrantAsync(owner, null, sa.ClientId, new[] { p1, bogus, p2 }, new[] { "GROUP_READ_ONLY" });
        Assert.Equal(new[] { p1, bogus, p2 }, granted.Select(r => r.Input)); // input order
        Assert.True(granted[0].Succeeded && granted[2].Succeeded);
        Assert.False(granted[1].Succeeded);
        Assert.Equal(404, Assert.IsType<AtlasApiException>(granted[1].Error).StatusCode);

        // Granting again merges roles rather than replacing them.
        var merged = await ServiceAccountProjectAccessWorkflows.GrantAsync(owner, null, sa.ClientId, new[] { p1 }, new[] { "GROUP_DATA_ACCESS_READ_ONLY" });
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY" }, merged[0].Value!.Roles.OrderBy(x => x));
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY", "GROUP_READ_ONLY" }, server.State.ServiceAccountProjectAssignments(sa.ClientId)[p1].OrderBy(x => x));

        var set = await ServiceAccountProjectAccessWorkflows.SetAsync(owner, null, sa.ClientId, new[] { p2 }, new[] { "GROUP_OWNER" });
        Assert.Equal(new[] { "GROUP_OWNER" }, set[0].Value!.Roles);

        var listed = await ServiceAccountProjectAccessWorkflows.ListAsync(owner, null, sa.ClientId).ToListAsync();
        Assert.Equal(new[] { p1, p2 }.OrderBy(x => x), listed.Select(a => a.ProjectId).OrderBy(x => x));
        var inP2 = await ServiceAccountProjectAccessWorkflows.ListForProjectAsync(owner, p2).ToListAsync();
        Assert.Equal(new[] { "GROUP_OWNER" }, Assert.Single(inP2, a => a.ClientId == sa.ClientId).Roles);

        // Revoke one named role: the other stays.
        var revoked = await ServiceAccountProjectAccessWorkflows.RevokeAsync(owner, null, sa.ClientId, new[] { p1 }, new[] { "GROUP_READ_ONLY" });
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY" }, revoked[0].Value!.Roles);

        // Revoke without roles: out of the project, still in the organization with its secret.
        var removed = await ServiceAccountProjectAccessWorkflows.RevokeAsync(owner, null, sa.ClientId, new[] { p2 }, null);
        Assert.True(removed[0].Succeeded);
        Assert.Empty(removed[0].Value!.Roles);
        var info = server.State.GetServiceAccount(sa.ClientId)!;
        Assert.NotNull(info);
        Assert.Single(info.Secrets);
        Assert.Equal(new[] { p1 }, info.ProjectRoles.Keys);

        // Revoking the last role removes it from the project too; the account still exists.
        var last = await ServiceAccountProjectAccessWorkflows.RevokeAsync(owner, null, sa.ClientId, new[] { p1 }, new[] { "GROUP_DATA_ACCESS_READ_ONLY" });
        Assert.True(last[0].Succeeded);
        Assert.Empty(server.State.GetServiceAccount(sa.ClientId)!.ProjectRoles);
        Assert.Equal(sa.ClientId, (await ServiceAccountWorkflows.GetAsync(owner, null, sa.ClientId)).ClientId);
        await ServiceAccountWorkflows.DeleteAsync(owner, null, sa.ClientId);
    }
}
