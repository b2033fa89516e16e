using Xunit;
using AtlasPS.Core.Http;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class OrganizationWorkflowsTests
{
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
}
