using System.Text.RegularExpressions;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Pwsh;

/// <summary>
/// Runs every tests/pester/*.Tests.ps1 with Pester 5 in one real pwsh process, against an emulator started here and
/// handed over in ATLASPS_TEST_* variables (tests/pester/README.md). Pester writes NUnit XML and a one-line summary to
/// out/test-results/; .ci/run adds the summary's counts (every It) to its closing line.
/// </summary>
public sealed class PesterSuiteTests
{
    public static string ResultDirectory => Path.Combine(TestPaths.RepoRoot, "out", "test-results");

    [PwshFact]
    public async Task Every_Pester_file_passes_in_a_real_pwsh()
    {
        Assert.True(File.Exists(PwshTool.PesterManifest), $"Pester {PwshTool.PesterVersion} is not restored at {PwshTool.PesterManifest}: run dotnet restore tests/AtlasPS.Tests");
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });
        Seed(emulator);
        var summaryPath = Path.Combine(ResultDirectory, "pester-summary.txt");
        Directory.CreateDirectory(ResultDirectory);
        File.Delete(summaryPath);

        var (exit, stdout, stderr) = PwshTool.RunFile(
            Path.Combine(TestPaths.RepoRoot, "tests", "pester", "Invoke-AtlasPester.ps1"),
            new[] { "-PesterManifest", PwshTool.PesterManifest, "-ResultDirectory", ResultDirectory },
            EmulatorEnvironment(emulator), TimeSpan.FromMinutes(30));

        Assert.True(File.Exists(summaryPath), $"Pester wrote no summary (exit {exit}).\n{stderr}\n{Tail(stdout)}");
        var summary = File.ReadAllText(summaryPath);
        var failed = int.Parse(Regex.Match(summary, @"failed=(\d+)").Groups[1].Value);
        var passed = int.Parse(Regex.Match(summary, @"passed=(\d+)").Groups[1].Value);
        Assert.True(failed == 0 && exit == 0, $"{failed} Pester test(s) failed, {passed} passed (exit {exit}):\n{Failures(stdout)}\n{stderr}");
        Assert.True(passed > 0, "Pester ran no tests:\n" + Tail(stdout));
    }

    /// <summary>What the Admin API cannot create (invoices, clusters), seeded in-process; ATLASPS_TEST_SEEDED says so.</summary>
    public static void Seed(EmulatorServer emulator)
    {
        var now = DateTimeOffset.UtcNow;
        emulator.State.AddInvoice(now.AddMonths(-2), now.AddMonths(-1), "PAID", 12_345, 12_345, new[] { new InvoiceLineItemSeed("CLASSIC_BACKUP_STORAGE", 2_345), new InvoiceLineItemSeed("NDS_AWS_INSTANCE_M10", 10_000) });
        emulator.State.AddInvoice(now.AddMonths(-1), now.AddDays(1), "PENDING", 4_200);
        emulator.State.AddCluster(emulator.Seed.ProjectIds[0], "pester-cluster");
    }

    /// <summary>The variables a Pester file reads through AtlasPS.TestHelpers (documented in tests/pester/README.md).</summary>
    public static Dictionary<string, string> EmulatorEnvironment(EmulatorServer emulator) => new()
    {
        ["ATLASPS_TEST_BASE_URL"] = emulator.BaseUri.ToString(),
        ["ATLASPS_TEST_ORG_ID"] = emulator.Seed.OrgId,
        ["ATLASPS_TEST_PUBLIC_KEY"] = emulator.Seed.PublicKey,
        ["ATLASPS_TEST_PRIVATE_KEY"] = emulator.Seed.PrivateKey,
        ["ATLASPS_TEST_CLIENT_ID"] = emulator.Seed.ServiceAccountClientId,
        ["ATLASPS_TEST_CLIENT_SECRET"] = emulator.Seed.ClientSecret,
        ["ATLASPS_TEST_SEEDED"] = "1",
        ["ATLASPS_TEST_MODULE"] = Path.Combine(TestPaths.OutModule, "AtlasPS.psd1"),
        ["ATLASPS_TEST_POLLY_8_1"] = Path.Combine(TestPaths.NuGetRoot, "polly.core", "8.1.0", "lib", "net6.0", "Polly.Core.dll"),
    };

    private static string Tail(string s) => s[^Math.Min(s.Length, 6000)..];

    /// <summary>Pester's "[-]" lines with what follows them, so the xunit failure names the failing Its.</summary>
    private static string Failures(string stdout)
    {
        var lines = stdout.Split('\n');
        var picked = new List<string>();
        for (int i = 0; i < lines.Length; i++)
            if (lines[i].TrimStart().StartsWith("[-]", StringComparison.Ordinal))
                picked.AddRange(lines.Skip(i).Take(8));
        return picked.Count > 0 ? string.Join("\n", picked.Take(400)) : Tail(stdout);
    }
}
