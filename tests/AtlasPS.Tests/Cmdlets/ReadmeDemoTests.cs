using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// The README's first command (`dotnet run --project tools/AtlasPS.Demo`) is the module's main job end to end: it must
/// keep working. The built demo runs as its own process with no MONGODB_ATLAS_* variables, so it starts its emulator,
/// creates the cost-tool key with its access list and project access in a hosted PowerShell 7.6 and shows the result.
/// (A parameter-set change once broke its last pipeline while every other test passed.)
/// </summary>
public sealed class ReadmeDemoTests
{
    private static readonly Regex Guid = new("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static (int Exit, string Out, string Err) RunDemo(params string[] args)
    {
        var config = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/<tfm>
        var dll = Path.Combine(TestPaths.RepoRoot, "tools", "AtlasPS.Demo", "bin", config, "net10.0", "AtlasPS.Demo.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built: run dotnet build AtlasPS.sln");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MONGODB_ATLAS_", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(name);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(3))) { p.Kill(entireProcessTree: true); Assert.Fail("the demo did not finish within 3 minutes"); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void The_main_command_creates_the_cost_tool_key_against_the_emulator_and_shows_no_secret()
    {
        var (exit, stdout, stderr) = RunDemo();

        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        Assert.Contains("using the local emulator", stdout);
        Assert.Contains("cost-tool (AtlasPS demo)", stdout);
        Assert.Contains("198.51.100.0/24", stdout);
        Assert.Contains("GROUP_READ_ONLY", stdout);
        Assert.Contains("returned once, as a SecureString", stdout);
        // Private keys are GUIDs (the emulator's seeded key and the new one): none may be printed.
        Assert.DoesNotMatch(Guid, stdout + stderr);
    }

    [Fact]
    public void The_main_command_with_whatif_shows_the_plan_and_creates_nothing()
    {
        var (exit, stdout, stderr) = RunDemo("--whatif");

        Assert.True(exit == 0, $"exit {exit}\n{stderr}\n{stdout}");
        Assert.Contains("What if", stdout + stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("returned once", stdout);
        Assert.DoesNotMatch(Guid, stdout + stderr);
    }
}
