using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Emulator;

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
