using Xunit;
using AtlasPS.Core.Http;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>ApiKeyWorkflows.ListAsync (Get-AtlasApiKey): -First/-Skip apply to the matches of a filter.</summary>
public class ApiKeyWorkflowsPagingTests
{
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
