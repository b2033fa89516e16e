using System.Diagnostics;
using AtlasPS.Core;
using AtlasPS.Core.Http;
using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>--probe: where does the time of one big page go (emulator vs client)? Latency 0.</summary>
public static class Probe
{
    public static async Task RunAsync()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        for (var i = 1; i < 5000; i++) server.State.CreateApiKey($"bench key {i}", new[] { "ORG_MEMBER" });
        var org = server.Seed.OrgId;
        using var naive = new NaiveAtlas(server.BaseUri, server.Seed.PublicKey, server.Seed.PrivateKey);
        using var conn = Scenarios.Connect(server, new AtlasPsSettings());
        for (var rep = 0; rep < 3; rep++)
        {
            foreach (var size in new[] { 100, 500 })
            {
                var sw = Stopwatch.StartNew();
                await naive.SendAsync(HttpMethod.Get, $"api/atlas/v2/orgs/{org}/apiKeys?pageNum=2&itemsPerPage={size}", NaiveAtlas.OrgMedia);
                var tNaive = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                var n = 0;
                await foreach (var _ in conn.Client.ApiKeys.ListAsync(org, new PageRequest { ItemsPerPage = size, First = size, Skip = size })) n++;
                Console.WriteLine($"page of {size}: naive (2 requests) {tNaive:0} ms; AtlasPS {sw.Elapsed.TotalMilliseconds:0} ms ({n} items)");
            }
        }
    }
}
