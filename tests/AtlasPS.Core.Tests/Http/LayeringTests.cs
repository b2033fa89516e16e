using AtlasPS.Core.Http;
using AtlasPS.Core.Tests.Contract;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

/// <summary>cmdlets → workflows → resources → HTTP → wire is the only direction: the HTTP layer knows no workflow.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void Nothing_under_Http_refers_to_Workflows()
    {
        var dir = Path.Combine(RefitInterfaceVsSpecTests.RepoRoot(), "src", "AtlasPS.Core", "Http");
        var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offenders = files.Where(f => File.ReadAllText(f).Contains("Workflows", StringComparison.Ordinal))
            .Select(Path.GetFileName).ToList();
        Assert.True(offenders.Count == 0, "src/AtlasPS.Core/Http refers to Workflows in: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_transport_allows_as_many_connections_as_the_largest_fan_out()
    {
        Assert.True(HandlerChain.MaxConnectionsPerServer >= Core.Workflows.FanOut.MaxThrottleLimit,
            $"MaxConnectionsPerServer {HandlerChain.MaxConnectionsPerServer} < FanOut.MaxThrottleLimit {Core.Workflows.FanOut.MaxThrottleLimit}: fan-out would queue behind the transport");
    }
}
