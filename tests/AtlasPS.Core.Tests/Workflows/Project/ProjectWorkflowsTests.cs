using Xunit;
using AtlasPS.Core.Http;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>ProjectWorkflows (Get-AtlasProject): listing by wildcard and id.</summary>
public class ProjectWorkflowsTests
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
}
