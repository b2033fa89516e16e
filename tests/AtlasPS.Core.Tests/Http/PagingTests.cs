using System.Collections.Concurrent;
using AtlasPS.Core.Http;
using AtlasPS.Core.Wire;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

public sealed class PagingTests
{
    /// <summary>Serves `actual` groups g1..gN; reports `reported` as totalCount (null: none) when includeCount is not false.</summary>
    private sealed class ListServer
    {
        public int Actual;
        public int? Reported;
        public int InFlight, MaxInFlight;
        public ConcurrentQueue<string> Queries = new();

        public async Task Handle(HttpContext ctx, SeenRequest req)
        {
            Queries.Enqueue(ctx.Request.QueryString.Value ?? "");
            int now = Interlocked.Increment(ref InFlight);
            lock (this) MaxInFlight = Math.Max(MaxInFlight, now);
            try
            {
                int page = int.Parse(ctx.Request.Query["pageNum"].FirstOrDefault() ?? "1");
                int size = int.Parse(ctx.Request.Query["itemsPerPage"].FirstOrDefault() ?? "100");
                await Task.Delay(page == 1 ? 0 : 30 + (7 - page % 7) * 10); // later pages may answer first
                var items = Enumerable.Range((page - 1) * size + 1, Math.Max(0, Math.Min(size, Actual - (page - 1) * size)))
                    .Select(i => $"{{\"id\":\"g{i}\",\"name\":\"n{i}\"}}");
                bool count = ctx.Request.Query["includeCount"].FirstOrDefault() != "false";
                string total = count && Reported.HasValue ? $",\"totalCount\":{Reported}" : "";
                await TestServer.Json(ctx, 200, "{\"results\":[" + string.Join(",", items) + "]" + total + "}");
            }
            finally { Interlocked.Decrement(ref InFlight); }
        }
    }

    private static async Task<(List<string> ids, ListServer list, TestServer server)> ListAsync(int actual, int? reported, PageRequest paging, int concurrency = 4)
    {
        var list = new ListServer { Actual = actual, Reported = reported };
        var server = await TestServer.StartAsync(list.Handle);
        using var client = TestServer.Client(server, configure: o => o.PageConcurrency = concurrency);
        var ids = new List<string>();
        await foreach (var g in Pager.PageAsync<Group>(client.Http, (n, size, count, t) => client.Http.Api.ListGroups(n, size, count, t), paging, default))
            ids.Add(g.Id!);
        await server.DisposeAsync();
        return (ids, list, server);
    }

    private static List<string> Ids(int from, int count) => Enumerable.Range(from, count).Select(i => "g" + i).ToList();

    [Fact]
    public async Task Empty_list_costs_one_request()
    {
        var (ids, _, server) = await ListAsync(0, 0, new PageRequest { ItemsPerPage = 10 });
        Assert.Empty(ids);
        Assert.Equal(1, server.Count);
        Assert.Contains("includeCount=true", server.Requests[0].RawTarget);
    }

    [Fact]
    public async Task Exact_multiple_of_the_page_size_fetches_one_empty_page_at_most()
    {
        var (ids, _, server) = await ListAsync(30, 30, new PageRequest { ItemsPerPage = 10 });
        Assert.Equal(Ids(1, 30), ids);
        Assert.InRange(server.Count, 3, 4);
    }

    [Fact]
    public async Task Short_page_stops_the_listing()
    {
        var (ids, _, server) = await ListAsync(25, 25, new PageRequest { ItemsPerPage = 10 });
        Assert.Equal(Ids(1, 25), ids);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task Remaining_pages_are_fetched_concurrently_bounded_and_yielded_in_order()
    {
        var (ids, list, server) = await ListAsync(93, 93, new PageRequest { ItemsPerPage = 5 }, concurrency: 4);
        Assert.Equal(Ids(1, 93), ids);
        Assert.Equal(19, server.Count);
        Assert.InRange(list.MaxInFlight, 2, 4);
        Assert.Single(server.Requests, r => r.RawTarget.Contains("includeCount=true"));
        Assert.Equal(18, server.Requests.Count(r => r.RawTarget.Contains("includeCount=false")));
    }

    /// <summary>
    /// The default PageConcurrency reads 5,000 items (Atlas's 500 per page) in two round trips after the first page is
    /// known: page 1, then pages 2-10 and the page that confirms the end, all at once. The server holds every later page
    /// until ten are waiting (or 10 s pass), so the assertion counts requests in flight, not timings.
    /// </summary>
    [Fact]
    public async Task By_default_5000_items_are_the_first_page_and_one_window_of_ten()
    {
        var concurrency = new AtlasClientOptions().PageConcurrency;
        Assert.Equal(10, concurrency);
        int waiting = 0, maxWaiting = 0;
        var all = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var server = await TestServer.StartAsync(async (ctx, _) =>
        {
            int page = int.Parse(ctx.Request.Query["pageNum"].FirstOrDefault() ?? "1");
            if (page > 1)
            {
                int now = Interlocked.Increment(ref waiting);
                lock (all) maxWaiting = Math.Max(maxWaiting, now);
                if (now == 10) all.TrySetResult(true);
                await Task.WhenAny(all.Task, Task.Delay(TimeSpan.FromSeconds(10)));
            }
            var items = Enumerable.Range((page - 1) * 500 + 1, Math.Max(0, Math.Min(500, 5000 - (page - 1) * 500)))
                .Select(i => $"{{\"id\":\"g{i}\",\"name\":\"n{i}\"}}");
            await TestServer.Json(ctx, 200, "{\"results\":[" + string.Join(",", items) + "]" + (page == 1 ? ",\"totalCount\":5000" : "") + "}");
        });
        using var client = TestServer.Client(server);
        var ids = new List<string>();
        await foreach (var g in Pager.PageAsync<Group>(client.Http, (n, size, count, t) => client.Http.Api.ListGroups(n, size, count, t), PageRequest.All, default))
            ids.Add(g.Id!);
        await server.DisposeAsync();
        Assert.Equal(Ids(1, 5000), ids);
        Assert.Equal(11, server.Count);
        Assert.Equal(10, maxWaiting);
    }

    [Fact]
    public async Task An_underestimated_total_still_returns_every_item()
    {
        var (ids, _, _) = await ListAsync(47, 20, new PageRequest { ItemsPerPage = 10 });
        Assert.Equal(Ids(1, 47), ids);
    }

    [Fact]
    public async Task An_overestimated_total_stops_at_the_short_page()
    {
        var (ids, _, server) = await ListAsync(23, 200, new PageRequest { ItemsPerPage = 10 }, concurrency: 2);
        Assert.Equal(Ids(1, 23), ids);
        Assert.True(server.Count <= 5, $"{server.Count} requests");
    }

    [Fact]
    public async Task No_total_means_sequential_paging()
    {
        var (ids, list, server) = await ListAsync(25, null, new PageRequest { ItemsPerPage = 10 });
        Assert.Equal(Ids(1, 25), ids);
        Assert.Equal(3, server.Count);
        Assert.Equal(1, list.MaxInFlight);
    }

    [Theory]
    [InlineData(0, 5, 1, 5)]
    [InlineData(0, 10, 1, 10)]
    [InlineData(7, 5, 8, 5)]
    [InlineData(8, 30, 9, 30)]
    [InlineData(95, 10, 96, 5)]
    [InlineData(200, 10, 0, 0)]
    public async Task First_and_Skip(int skip, int first, int firstId, int expectedCount)
    {
        var (ids, _, server) = await ListAsync(100, 100, new PageRequest { ItemsPerPage = 10, Skip = skip, First = first });
        Assert.Equal(expectedCount == 0 ? new List<string>() : Ids(firstId, expectedCount), ids);
        int pagesNeeded = expectedCount == 0 ? 1 : ((skip + first - 1) / 10) - (skip / 10) + 1;
        Assert.True(server.Count <= pagesNeeded, $"{server.Count} requests for {pagesNeeded} pages");
    }

    [Fact]
    public async Task First_zero_sends_nothing()
    {
        var (ids, _, server) = await ListAsync(100, 100, new PageRequest { First = 0 });
        Assert.Empty(ids);
        Assert.Equal(0, server.Count);
    }

    [Fact]
    public async Task Service_account_lists_never_send_includeCount()
    {
        await using var server = await TestServer.StartAsync(async (ctx, req) =>
            await TestServer.Json(ctx, 200, "{\"results\":[]}", "application/vnd.atlas.2024-08-05+json"));
        using var client = TestServer.Client(server);
        await foreach (var _ in client.ServiceAccounts.ListAsync(Calls.Org)) { }
        Assert.DoesNotContain("includeCount", server.Requests.Single().RawTarget);
    }
}
