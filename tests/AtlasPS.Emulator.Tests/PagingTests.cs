using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorPagingTests : IAsyncLifetime
{
    private EmulatorServer _s = null!;

    public async Task InitializeAsync()
    {
        _s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 0 });
        _s.State.CreateProjects(250);
        for (var i = 0; i < 7; i++) _s.State.CreateServiceAccount($"sa{i}", new[] { "ORG_MEMBER" });
    }

    public async Task DisposeAsync() => await _s.DisposeAsync();

    [Fact]
    public async Task Pages_links_and_total_count_follow_the_spec()
    {
        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        var first = await c.Get("/api/atlas/v2/groups");
        Assert.Equal(100, first.Json["results"]!.AsArray().Count);
        Assert.Equal(250, first.Json["totalCount"]!.GetValue<int>());
        var rels = first.Json["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { "self", "next" }, rels);
        var next = first.Json["links"]!.AsArray().Single(l => l!["rel"]!.GetValue<string>() == "next")!["href"]!.GetValue<string>();
        Assert.StartsWith(_s.BaseUri.ToString().TrimEnd('/') + "/api/atlas/v2/groups?", next);
        Assert.Contains("pageNum=2", next);

        var last = await c.Get("/api/atlas/v2/groups?pageNum=3&itemsPerPage=100");
        Assert.Equal(50, last.Json["results"]!.AsArray().Count);
        Assert.Equal(new[] { "previous", "self" }, last.Json["links"]!.AsArray().Select(l => l!["rel"]!.GetValue<string>()));

        var beyond = await c.Get("/api/atlas/v2/groups?pageNum=9");
        Assert.Empty(beyond.Json["results"]!.AsArray());

        var all = new HashSet<string>();
        for (var p = 1; p <= 3; p++)
            foreach (var g in (await c.Get($"/api/atlas/v2/groups?pageNum={p}&itemsPerPage=100")).Json["results"]!.AsArray())
                all.Add(g!["id"]!.GetValue<string>());
        Assert.Equal(250, all.Count);

        var big = await c.Get("/api/atlas/v2/groups?itemsPerPage=500");
        Assert.Equal(250, big.Json["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Include_count_false_omits_total_count()
    {
        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        var r = await c.Get("/api/atlas/v2/groups?includeCount=false&itemsPerPage=5");
        Assert.False(r.Json.AsObject().ContainsKey("totalCount"));
        Assert.Equal(5, r.Json["results"]!.AsArray().Count);
        // service-account lists declare no includeCount: totalCount is always there
        var sa = await c.Get($"/api/atlas/v2/orgs/{_s.Seed.OrgId}/serviceAccounts?includeCount=false&itemsPerPage=3&pageNum=3", Media.V2024);
        Assert.Equal(8, sa.Json["totalCount"]!.GetValue<int>());
        Assert.Equal(2, sa.Json["results"]!.AsArray().Count);
    }

    /// <summary>
    /// Keys are listed by description then id, and the emulator keeps that order between requests: adding, renaming
    /// and deleting keys must all show up in the next page. A listed key is the same JSON as the key read alone.
    /// </summary>
    [Fact]
    public async Task Key_lists_follow_adds_renames_and_deletes_and_match_single_reads()
    {
        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        var org = _s.Seed.OrgId;
        var b = _s.State.CreateApiKey("list-order b", new[] { "ORG_MEMBER" }).Id;
        var d = _s.State.CreateApiKey("list-order d", new[] { "ORG_MEMBER" }).Id;
        async Task<string[]> Order()
        {
            var page = await c.Get($"/api/atlas/v2/orgs/{org}/apiKeys?itemsPerPage=500");
            return page.Json["results"]!.AsArray().Select(k => k!["desc"]!.GetValue<string>()).Where(x => x.StartsWith("list-order", StringComparison.Ordinal)).ToArray();
        }
        Assert.Equal(new[] { "list-order b", "list-order d" }, await Order());

        var a = _s.State.CreateApiKey("list-order a", new[] { "ORG_MEMBER" }).Id;
        Assert.Equal(new[] { "list-order a", "list-order b", "list-order d" }, await Order());

        Assert.Equal(200, (await c.Patch($"/api/atlas/v2/orgs/{org}/apiKeys/{a}", new { desc = "list-order e" })).Code);
        Assert.Equal(new[] { "list-order b", "list-order d", "list-order e" }, await Order());

        Assert.Equal(204, (await c.Delete($"/api/atlas/v2/orgs/{org}/apiKeys/{d}")).Code);
        Assert.Equal(new[] { "list-order b", "list-order e" }, await Order());

        var listed = (await c.Get($"/api/atlas/v2/orgs/{org}/apiKeys?itemsPerPage=500")).Json["results"]!.AsArray()
            .Single(k => k!["id"]!.GetValue<string>() == b)!;
        var single = (await c.Get($"/api/atlas/v2/orgs/{org}/apiKeys/{b}")).Json;
        Assert.Equal(single.ToJsonString(), listed.ToJsonString());
        Assert.StartsWith("********-****-****-", listed["privateKey"]!.GetValue<string>());

        var pretty = await c.Get($"/api/atlas/v2/orgs/{org}/apiKeys?itemsPerPage=2&pretty=true");
        Assert.Contains("\n", pretty.Body);
        Assert.Equal(2, pretty.Json["results"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("itemsPerPage=0")]
    [InlineData("itemsPerPage=501")]
    [InlineData("pageNum=0")]
    [InlineData("pageNum=abc")]
    [InlineData("includeCount=maybe")]
    public async Task Out_of_range_paging_is_400(string query)
    {
        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/groups?" + query), 400, "INVALID_PARAMETER");
    }
}
