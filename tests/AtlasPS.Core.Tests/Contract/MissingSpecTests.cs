using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// Issue 15 point 29: a clone without ../shared reports the spec-based tests as skipped (with the reason and where the
/// spec is expected), and ATLASPS_REQUIRE_SPEC=1 turns that into failures. Runs this test assembly again in a child
/// `dotnet test` with ATLASPS_OPENAPI pointing at a file that does not exist, as a newcomer's clone would look.
/// </summary>
public sealed class MissingSpecTests
{
    private const string SpecTests =
        "FullyQualifiedName~EmulatorSpecConformanceTests|FullyQualifiedName~RefitInterfaceVsSpecTests.Every_method_matches_the_spec|FullyQualifiedName~EmulatorVsSpecTests|FullyQualifiedName~ClientVsSpecTests.Prism_accepts";

    private static async Task<(int ExitCode, string Output)> RunSpecTestsAsync(bool require)
    {
        var missing = Path.Combine(Path.GetTempPath(), "atlasps-no-spec-" + Guid.NewGuid().ToString("N"), "atlas-admin-api.json");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in new[] { "test", typeof(MissingSpecTests).Assembly.Location, "--filter", SpecTests, "--logger", "console;verbosity=normal" })
            psi.ArgumentList.Add(a);
        psi.Environment[AtlasSpec.PathVariable] = missing;
        if (require) psi.Environment[AtlasSpec.RequireVariable] = "1";
        else psi.Environment.Remove(AtlasSpec.RequireVariable);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(10)); // a hang detector only
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout + await stderr);
    }

    /// <summary>A count of the run's summary ("Total tests: 7", "Skipped: 7"; a line is left out when its count is 0).</summary>
    private static int Count(string output, string what)
    {
        Assert.True(output.Contains("Total tests:", StringComparison.Ordinal), "no summary:\n" + output);
        var m = Regex.Match(output, @"(?m)^\s*" + what + @":\s+(\d+)\s*$");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [Fact]
    public async Task Without_the_spec_the_contract_tests_are_skipped_with_the_reason_and_required_they_fail()
    {
        var (code, output) = await RunSpecTestsAsync(require: false);
        Assert.True(code == 0, "the run failed:\n" + output);
        Assert.Equal(0, Count(output, "Failed"));
        Assert.True(Count(output, "Skipped") >= 7, "the spec-based tests were not reported as skipped:\n" + output);
        Assert.Contains(AtlasSpec.PathVariable, output);
        Assert.Contains("../shared/atlas/", output);
        Assert.Contains("atlas-admin-api.json", output);

        (code, output) = await RunSpecTestsAsync(require: true);
        Assert.NotEqual(0, code);
        Assert.True(Count(output, "Failed") >= 7, "with ATLASPS_REQUIRE_SPEC=1 the missing spec must fail the tests:\n" + output);
        Assert.Equal(0, Count(output, "Skipped"));
        Assert.Contains(AtlasSpec.RequireVariable + " is set", output);
    }
}
