using System.Collections.Concurrent;
using AtlasPS.Core.Tests.Workflows;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

/// <summary>
/// The cmdlets' -Verbose text comes from AtlasDiagnosticsScope: each command sees the requests it made, and only
/// those, even when two commands share one connection at once; no secret reaches the text.
/// </summary>
public sealed class DiagnosticsScopeTests
{
    [Fact]
    public async Task A_scope_sees_its_own_requests_and_nothing_after_it_closes()
    {
        await using var server = await WorkflowTestKit.StartAsync();
        using var connection = await WorkflowTestKit.ConnectAsync(server);
        var seen = new ConcurrentQueue<AtlasDiagnosticEvent>();

        Task<AtlasPS.Organization> call;
        using (AtlasDiagnosticsScope.Begin(seen.Enqueue))
            call = connection.Client.Organizations.GetAsync(server.Seed.OrgId);
        await call;
        var inside = seen.ToArray();
        await connection.Client.Organizations.GetAsync(server.Seed.OrgId); // outside any scope

        var e = Assert.Single(inside);
        Assert.Equal("GET", e.Method);
        Assert.Equal("/api/atlas/v2/orgs/" + server.Seed.OrgId, e.Path);
        Assert.Equal(200, e.Status);
        Assert.Equal(inside.Length, seen.Count);
        Assert.DoesNotContain(server.Seed.PrivateKey, string.Join("\n", inside.Select(x => x.ToString())));
    }

    [Fact]
    public async Task Two_scopes_on_one_connection_do_not_see_each_others_requests()
    {
        await using var server = await WorkflowTestKit.StartAsync();
        using var connection = await WorkflowTestKit.ConnectAsync(server);
        var a = new ConcurrentQueue<AtlasDiagnosticEvent>();
        var b = new ConcurrentQueue<AtlasDiagnosticEvent>();

        Task<AtlasPS.Organization> ta; Task<AtlasPS.Project> tb;
        using (AtlasDiagnosticsScope.Begin(a.Enqueue)) ta = connection.Client.Organizations.GetAsync(server.Seed.OrgId);
        using (AtlasDiagnosticsScope.Begin(b.Enqueue)) tb = connection.Client.Projects.GetAsync(server.Seed.ProjectIds[0]);
        await Task.WhenAll(ta, tb);

        Assert.All(a, e => Assert.StartsWith("/api/atlas/v2/orgs/", e.Path));
        Assert.All(b, e => Assert.StartsWith("/api/atlas/v2/groups/", e.Path));
        Assert.Single(a);
        Assert.Single(b);
    }
}
