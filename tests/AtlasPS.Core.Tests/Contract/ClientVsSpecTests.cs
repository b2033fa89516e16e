using AtlasPS.Core.Http;
using Xunit;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// Every operation of AtlasOperations.All goes through the real AtlasClient to `prism mock`, which validates the
/// request (path, parameters, Accept/Content-Type version, body schema) against ../shared/atlas/atlas-admin-api.json
/// and answers with a response generated from the spec, which the client must read into its models.
/// </summary>
[Collection(PrismCollection.Name)]
public sealed class ClientVsSpecTests
{
    private static readonly int[] PrismRefusals = { 400, 404, 405, 406, 415, 422 };
    private readonly PrismFixture prism;

    public ClientVsSpecTests(PrismFixture prism) => this.prism = prism;

    public static TheoryData<string> AllOperations()
    {
        var data = new TheoryData<string>();
        foreach (var op in AtlasOperations.All) data.Add(op.OperationId);
        return data;
    }

    [Fact]
    public void The_table_covers_every_operation_exactly()
    {
        var ops = AtlasOperations.All.Select(o => o.OperationId).ToHashSet();
        var table = ClientOperationTable.Calls.Keys.ToHashSet();
        Assert.True(ops.Count > 0);
        var missing = ops.Except(table).OrderBy(x => x).ToList();
        var extra = table.Except(ops).OrderBy(x => x).ToList();
        Assert.True(missing.Count == 0, "No contract call in ClientOperationTable.Calls for: " + string.Join(", ", missing));
        Assert.True(extra.Count == 0, "ClientOperationTable.Calls has entries that are not in AtlasOperations.All: " + string.Join(", ", extra));
        Assert.Empty(ClientOperationTable.WithoutResourceMethod.Except(table));
    }

    [SkippableTheory]
    [MemberData(nameof(AllOperations))]
    public async Task Prism_accepts_the_request_and_the_client_reads_the_answer(string operationId)
    {
        AtlasSpec.Require();
        var op = AtlasOperations.Get(operationId);
        Assert.True(ClientOperationTable.Calls.TryGetValue(operationId, out var call), "No contract call for " + operationId + " in ClientOperationTable.Calls.");

        var recorder = new RecordingHandler();
        using var client = Clients.Bearer(prism.Mock.BaseUri, "contract-test-token", recorder);
        Exception? failure = null;
        try { await call!(client); }
        catch (Exception ex) { failure = ex; }

        var exchanges = recorder.Exchanges;
        string traffic = exchanges.Count == 0 ? "(no request was sent)" : string.Join("\n", exchanges);
        var refused = exchanges.FirstOrDefault(e => PrismRefusals.Contains(e.Status) || e.FromPrism);
        Assert.True(refused is null, $"Prism refused {op}:\n{traffic}");
        Assert.True(failure is null, $"{op} failed in the client: {failure}\nTraffic:\n{traffic}");

        // The call really sent this operation (method, path shape), and Prism had nothing to say about it.
        Assert.NotEmpty(exchanges);
        var pattern = ClientOperationTable.PathPattern(op);
        Assert.All(exchanges, e =>
        {
            Assert.True(e.Method == op.Method && pattern.IsMatch(e.PathAndQuery), $"The call for {operationId} sent {e.Method} {e.PathAndQuery}, not {op.Method} {op.PathTemplate}.");
            Assert.True(e.Status is >= 200 and < 300, $"Prism answered {e}");
            // Only request violations are ours. The mock's generated answer can break the spec's own patterns
            // (listGroupClusters: mongoDBVersion example vs its pattern); the emulator tests check real answers.
            Assert.True(e.ViolationsAt("request").Count == 0, $"Prism reported request violations for {op}: {e}");
        });
        if (op.PathTemplate.Contains("{ipAddress}", StringComparison.Ordinal))
            Assert.Contains(exchanges, e => e.PathAndQuery.Contains("192.0.2.0%2F24", StringComparison.Ordinal));
    }
}
