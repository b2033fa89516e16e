using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace AtlasPS.Core.Tests.Emulator;

public sealed class EmulatorCommandLineTests
{
    [Fact]
    public async Task Json_flag_prints_one_json_object_first_and_serves_requests()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AtlasPS.Emulator.dll");
        Assert.True(File.Exists(dll), dll);
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { dll, "--port", "0", "--json", "--latency-ms", "1" }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            var lineTask = p.StandardOutput.ReadLineAsync();
            var line = await lineTask.WaitAsync(TimeSpan.FromSeconds(30));
            var o = JsonNode.Parse(line!)!.AsObject();
            foreach (var k in new[] { "baseUri", "orgId", "publicKey", "privateKey", "clientId", "clientSecret" })
                Assert.False(string.IsNullOrEmpty(o[k]?.GetValue<string>()), k);
            using var c = new DigestClient(new Uri(o["baseUri"]!.GetValue<string>()), o["publicKey"]!.GetValue<string>(), o["privateKey"]!.GetValue<string>());
            var r = await c.Get("/api/atlas/v2/orgs/" + o["orgId"]!.GetValue<string>());
            Assertions.Status(r, 200);
        }
        finally
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }
    }
}
