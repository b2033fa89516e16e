using AtlasPS.Core.Workflows;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>The flow: create a read-only service account, use it, rotate its secret, refuse old and expired secrets.</summary>
public sealed class ServiceAccountFlowTests : IClassFixture<SaEmulatorFixture>
{
    private readonly SaEmulatorFixture fx;
    public ServiceAccountFlowTests(SaEmulatorFixture fx) { this.fx = fx; }

    [Fact]
    public async Task Create_use_rotate_and_refuse_old_and_expired_secrets()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        string name = Connect.UniqueName("ci reader");

        var sa = await ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest
        {
            Name = name, Description = "read-only runbook", Roles = new[] { "org_read_only" }, SecretExpiresAfterHours = 24,
        });
        Assert.StartsWith("mdb_sa_id_", sa.ClientId);
        Assert.Equal(new[] { "ORG_READ_ONLY" }, sa.Roles);
        var first = Assert.Single(sa.Secrets);
        Assert.NotNull(first.Secret);
        Assert.InRange((first.ExpiresAt - DateTimeOffset.UtcNow).TotalHours, 23, 24.1);
        Assert.DoesNotContain("mdb_sa_sk_", sa.ToString() + first.ToString());
        Assert.Contains(owner.Known.Get(ServiceAccountWorkflows.KnownKind), p => p.Key == sa.ClientId && p.Value == name);

        // Connect with the new account and list projects (ORG_READ_ONLY reads them).
        using (var asSa = Connect.ServiceAccount(server, sa.ClientId, first.Secret!))
        {
            var projects = await asSa.Client.Projects.ListAsync(server.Seed.OrgId).ToListAsync();
            Assert.Equal(server.Seed.ProjectIds.OrderBy(x => x), projects.Select(p => p.Id).OrderBy(x => x));
            // Read-only: it cannot create service accounts.
            var denied = await Assert.ThrowsAsync<AtlasApiException>(() => ServiceAccountWorkflows.CreateAsync(asSa, new NewServiceAccountRequest
            { Name = "nope", Description = "nope", Roles = new[] { "ORG_OWNER" }, SecretExpiresAfterHours = 8 }));
            Assert.Equal(403, denied.StatusCode);
        }

        // Rotate: add a second secret, delete the first.
        var second = await ServiceAccountSecretWorkflows.NewAsync(owner, null, sa.ClientId, 48);
        Assert.NotNull(second.Secret);
        Assert.Equal(sa.ClientId, second.ClientId);
        await ServiceAccountSecretWorkflows.RemoveAsync(owner, null, sa.ClientId, first.Id);
        var left = await ServiceAccountSecretWorkflows.GetAsync(owner, null, sa.ClientId);
        Assert.Equal(second.Id, Assert.Single(left).Id);
        Assert.Null(left[0].Secret); // Atlas never shows it again

        using (var withSecond = Connect.ServiceAccount(server, sa.ClientId, second.Secret!))
            Assert.Equal(3, (await withSecond.Client.Projects.ListAsync(server.Seed.OrgId).ToListAsync()).Count);

        using (var withFirst = Connect.ServiceAccount(server, sa.ClientId, first.Secret!))
        {
            var refused = await Assert.ThrowsAsync<AtlasApiException>(() => withFirst.Client.Projects.ListAsync(server.Seed.OrgId).ToListAsync());
            Assert.Equal(401, refused.StatusCode);
            Assert.Contains("refused the service account credentials", refused.Message);
            Assert.Contains("expired or was deleted", refused.Message);
            Assert.DoesNotContain(SecretText.Reveal(first.Secret!), refused.Message);
        }

        // An expired secret is refused the same clear way.
        var (expiredId, expiredSecret) = server.State.AddServiceAccountSecret(sa.ClientId, TimeSpan.FromHours(1));
        server.State.SetServiceAccountSecretExpiry(sa.ClientId, expiredId, DateTimeOffset.UtcNow.AddMinutes(-5));
        using (var withExpired = Connect.ServiceAccount(server, sa.ClientId, expiredSecret))
        {
            var refused = await Assert.ThrowsAsync<AtlasApiException>(() => withExpired.Client.Projects.ListAsync(server.Seed.OrgId).ToListAsync());
            Assert.Equal(401, refused.StatusCode);
            Assert.Contains("New-AtlasServiceAccountSecret", refused.Message);
        }
        // ... and it comes first when asking what expires within 14 days.
        var expiring = await ServiceAccountSecretWorkflows.GetAsync(owner, null, sa.ClientId, expiringWithinDays: 14);
        Assert.Equal(new[] { expiredId, second.Id }, expiring.Select(s => s.Id)); // expired first, then the 48-hour one

        await ServiceAccountWorkflows.DeleteAsync(owner, null, sa.ClientId);
        Assert.Null(server.State.GetServiceAccount(sa.ClientId));
        Assert.DoesNotContain(owner.Known.Get(ServiceAccountWorkflows.KnownKind), p => p.Key == sa.ClientId);
    }

    [Fact]
    public async Task Find_by_client_id_name_wildcard_and_project()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        string tag = Guid.NewGuid().ToString("N")[..6];
        var a = await ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest { Name = $"etl {tag} one", Description = "d", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8 });
        var b = await ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest
        {
            Name = $"etl {tag} two", Description = "d", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8,
            ProjectIds = new[] { server.Seed.ProjectIds[1] }, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });

        var all = await ServiceAccountWorkflows.ListAsync(owner, null).ToListAsync();
        Assert.Contains(all, s => s.ClientId == a.ClientId);
        Assert.Contains(all, s => s.ClientId == server.Seed.ServiceAccountClientId);

        Assert.Equal(a.Name, (await ServiceAccountWorkflows.GetAsync(owner, null, a.ClientId)).Name);

        var found = await ServiceAccountWorkflows.FindByNameAsync(owner, null, new[] { $"ETL {tag} *", "no such account" });
        Assert.Equal(new[] { a.ClientId, b.ClientId }.OrderBy(x => x), found.Accounts.Select(s => s.ClientId).OrderBy(x => x));
        Assert.Equal(new[] { "no such account" }, found.UnmatchedNames);

        var inProject = await ServiceAccountWorkflows.ListInProjectAsync(owner, null, server.Seed.ProjectIds[1]).ToListAsync();
        var bp = Assert.Single(inProject, s => s.ClientId == b.ClientId);
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, bp.Roles);
        Assert.Equal(server.Seed.ProjectIds[1], bp.ProjectId);

        var missing = await Assert.ThrowsAsync<AtlasApiException>(() => ServiceAccountWorkflows.GetAsync(owner, null, "mdb_sa_id_0123456789abcdef01234567"));
        Assert.Equal("AtlasServiceAccountNotFound", AtlasErrorInfo.From(missing, "ServiceAccount").ErrorId);
        var wrongShape = Assert.Throws<AtlasValidationException>(() => { ServiceAccountWorkflows.GetAsync(owner, null, "0123456789abcdef01234567").GetAwaiter().GetResult(); });
        Assert.Equal("AtlasKeyIdGivenAsClientId", wrongShape.ErrorId);
    }

    [Fact]
    public async Task Update_changes_name_description_and_roles()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        var sa = await ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest { Name = Connect.UniqueName("upd"), Description = "before", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8 });
        var updated = await ServiceAccountWorkflows.UpdateAsync(owner, null, sa.ClientId, "renamed", "after", new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" });
        Assert.Equal("renamed", updated.Name);
        var info = server.State.GetServiceAccount(sa.ClientId)!;
        Assert.Equal("after", info.Description);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, info.OrgRoles.OrderBy(x => x));
        var nothing = await Assert.ThrowsAsync<AtlasValidationException>(() => ServiceAccountWorkflows.UpdateAsync(owner, null, sa.ClientId, null, null, null));
        Assert.Equal("AtlasNothingToChange", nothing.ErrorId);
    }

    [Theory]
    [InlineData("GROUP_OWNER", 24, "AtlasProjectRoleOnOrganization")]
    [InlineData("ORG_READ_ONLY", 0, "AtlasInvalidSecretLifetime")]
    [InlineData("ORG_READ_ONLY", 8761, "AtlasInvalidSecretLifetime")]
    public async Task Bad_input_is_refused_before_any_request(string role, int hours, string errorId)
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        int before = server.Requests.Count();
        var ex = await Assert.ThrowsAsync<AtlasValidationException>(() => ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest
        { Name = "x", Description = "y", Roles = new[] { role }, SecretExpiresAfterHours = hours }));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Equal(before, server.Requests.Count());
    }

    [Fact]
    public async Task Bad_access_list_entry_or_project_role_without_project_is_refused_before_any_request()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        int before = server.Requests.Count();
        var cidr = await Assert.ThrowsAsync<AtlasValidationException>(() => ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest
        { Name = "x", Description = "y", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8, AccessList = new[] { "10.0.0.1/24" } }));
        Assert.Equal("AtlasNonCanonicalCidr", cidr.ErrorId);
        var orphan = await Assert.ThrowsAsync<AtlasValidationException>(() => ServiceAccountWorkflows.CreateAsync(owner, new NewServiceAccountRequest
        { Name = "x", Description = "y", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8, ProjectRoles = new[] { "GROUP_READ_ONLY" } }));
        Assert.Equal("AtlasProjectRoleWithoutProject", orphan.ErrorId);
        Assert.Equal(before, server.Requests.Count());
    }
}
