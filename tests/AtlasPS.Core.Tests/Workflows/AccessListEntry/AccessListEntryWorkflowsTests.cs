using Xunit;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class AccessListEntryWorkflowsTests
{
    [Fact]
    public async Task Add_deduplicates_in_one_POST_and_remove_sends_CIDR_slash_as_2F()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        var key = PrincipalRef.ApiKey(keyId);
        server.Requests.Clear();

        var added = await AccessListEntryWorkflows.AddAsync(conn, null, key, new[] { "203.0.113.7", "198.51.100.0/24", "203.0.113.7/32", "203.0.113.7" });

        Assert.Equal(2, added.Count);
        Assert.Equal(1, server.Requests.Count(e => e.Method == "POST"));
        var stored = server.State.ApiKeyAccessList(keyId);
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, e => e.CidrBlock == "198.51.100.0/24");

        var listed = await ApiKeyWorkflowsTests.ToListAsync(AccessListEntryWorkflows.ListAsync(conn, null, key));
        Assert.Equal(2, listed.Count);
        Assert.All(listed, e => Assert.Equal(keyId, e.ApiKeyId));

        var removed = await AccessListEntryWorkflows.RemoveAsync(conn, null, key, new[] { "198.51.100.0/24" });
        Assert.True(removed[0].Succeeded, removed[0].Error?.Message);
        Assert.Contains(server.Requests.Entries, e => e.Method == "DELETE" && e.Path.EndsWith("/accessList/198.51.100.0%2F24", StringComparison.Ordinal) && e.Status == 204);
        var left = Assert.Single(server.State.ApiKeyAccessList(keyId));
        Assert.Equal("203.0.113.7", left.IpAddress ?? left.CidrBlock.Replace("/32", ""));
    }

    [Fact]
    public async Task Remove_reports_each_entry_and_goes_on_after_a_missing_one()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        server.State.AddApiKeyAccessListEntry(keyId, "203.0.113.1");
        server.State.AddApiKeyAccessListEntry(keyId, "203.0.113.2");

        var results = await AccessListEntryWorkflows.RemoveAsync(conn, null, PrincipalRef.ApiKey(keyId), new[] { "203.0.113.1", "192.0.2.99", "203.0.113.2" }, throttleLimit: 2);

        Assert.Equal(new[] { "203.0.113.1", "192.0.2.99", "203.0.113.2" }, results.Select(r => r.Input));
        Assert.True(results[0].Succeeded);
        Assert.False(results[1].Succeeded);
        Assert.True(results[2].Succeeded);
        Assert.Empty(server.State.ApiKeyAccessList(keyId));
    }

    [Fact]
    public async Task Invalid_entries_are_refused_before_sending()
    {
        await using var server = await StartAsync();
        using var conn = await ConnectAsync(server);
        var (keyId, _, _) = server.State.CreateApiKey("ci", new[] { "ORG_MEMBER" });
        server.Requests.Clear();

        var ex = await Assert.ThrowsAsync<AtlasValidationException>(() => AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(keyId), new[] { "203.0.113.7", "10.0.0.1/8" }));
        Assert.Equal("AtlasNonCanonicalCidr", ex.ErrorId);
        Assert.Contains("10.0.0.0/8", ex.Message);
        var none = await Assert.ThrowsAsync<AtlasValidationException>(() => AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(keyId), Array.Empty<string>()));
        Assert.Equal("AtlasMissingAccessListEntry", none.ErrorId);
        Assert.Equal(0, server.Requests.Count());
        Assert.Empty(server.State.ApiKeyAccessList(keyId));
    }
}
