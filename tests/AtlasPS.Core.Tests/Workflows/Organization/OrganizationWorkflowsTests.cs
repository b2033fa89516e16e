using Xunit;
using AtlasPS.Core.Http;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class OrganizationWorkflowsTests
{
    [Fact]
    public async Task Projects_by_name_wildcard_and_by_id_are_remembered_for_completion()
    {
        await using var server = await StartAsync(projects: 4);
        using var conn = await ConnectAsync(server);
        server.State.CreateProject("prod-web");
        server.State.CreateProject("prod-api");

        var prod = await ApiKeyWorkflowsTests.ToListAsync(ProjectWorkflows.ListAsync(conn, null, new[] { "PROD-*" }));
        Assert.Equal(new[] { "prod-api", "prod-web" }, prod.Select(p => p.Name).OrderBy(n => n));
        var second = await ApiKeyWorkflowsTests.ToListAsync(ProjectWorkflows.ListAsync(conn, null, new[] { "Project-*" }, new PageRequest { Skip = 1, First = 2 }));
        Assert.Equal(2, second.Count);
        Assert.DoesNotContain(second, p => p.Name.StartsWith("prod", StringComparison.Ordinal));

        var one = await ProjectWorkflows.GetByIdAsync(conn, server.Seed.ProjectIds[0]);
        Assert.Equal("Project-1", one.Name);
        Assert.Equal(one.Id, one.ProjectId);
        Assert.True(conn.Known.Get(ProjectWorkflows.KnownKind).Count >= 6);
    }

    [Fact]
    public async Task Create_rename_and_delete_an_organization_with_its_first_api_key()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);

        var created = await OrganizationWorkflows.CreateAsync(conn, new OrganizationWorkflows.NewOrganizationRequest
        {
            Name = "team-data", ApiKeyDescription = "bootstrap", ApiKeyRoles = new[] { "ORG_OWNER" }, OrgOwnerId = "5f1a2b3c4d5e6f7a8b9c0d1e",
        });
        Assert.Contains(server.State.Organizations, o => o.Id == created.Organization.Id && o.Name == "team-data");
        Assert.NotNull(created.ApiKey);
        Assert.NotNull(created.ApiKey!.PrivateKey);

        // The one-time private key works: connecting with it makes the new organization the default.
        using var teamConn = await ConnectionWorkflows.ConnectAsync(new ConnectRequest
        {
            PublicKey = created.ApiKey.PublicKey, PrivateKey = created.ApiKey.PrivateKey, BaseUri = server.BaseUri, ConfigureOptions = FastRetries,
        }, _ => null);
        Assert.Equal(created.Organization.Id, teamConn.OrganizationId);
        var found = await ApiKeyWorkflowsTests.ToListAsync(OrganizationWorkflows.ListAsync(teamConn, new[] { "team-*" }));
        Assert.Equal(new[] { created.Organization.Id }, found.Select(o => o.Id));

        var renamed = await OrganizationWorkflows.RenameAsync(teamConn, created.Organization.Id, "team-data-2");
        Assert.Equal("team-data-2", renamed.Name);
        Assert.Equal("team-data-2", teamConn.OrganizationName);
        Assert.Contains(server.State.Organizations, o => o.Id == created.Organization.Id && o.Name == "team-data-2");

        await OrganizationWorkflows.RemoveAsync(teamConn, created.Organization.Id);
        Assert.DoesNotContain(server.State.Organizations, o => o.Id == created.Organization.Id);
    }

    [Fact]
    public async Task Api_key_list_paging_applies_to_matches_when_filtered()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        for (int i = 0; i < 5; i++) server.State.CreateApiKey($"batch-{i}", new[] { "ORG_MEMBER" });

        var page = await ApiKeyWorkflowsTests.ToListAsync(ApiKeyWorkflows.ListAsync(conn, null, null, new[] { "batch-*" }, new PageRequest { Skip = 1, First = 3 }));
        Assert.Equal(3, page.Count);
        Assert.All(page, k => Assert.StartsWith("batch-", k.Description));
        var all = await ApiKeyWorkflowsTests.ToListAsync(ApiKeyWorkflows.ListAsync(conn, null, null, null, new PageRequest { First = 2 }));
        Assert.Equal(2, all.Count);
    }
}
