using System.Diagnostics;

namespace AtlasPS.Bench;

/// <summary>Where the bench finds the repository, a real pwsh and the laid-out module.</summary>
public static class Tools
{
    public static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
                if (File.Exists(Path.Combine(d.FullName, "AtlasPS.sln"))) return d.FullName;
        }
        return Directory.GetCurrentDirectory();
    }

    /// <summary>
    /// A real pwsh 7.6: $ATLASPS_PWSH, else the repository's .tools/pwsh/pwsh (the tests install it there), else one on
    /// PATH; when there is none, the PowerShell global tool is installed into .tools/pwsh as the tests do.
    /// </summary>
    public static string Pwsh()
    {
        var fromEnv = Environment.GetEnvironmentVariable("ATLASPS_PWSH");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;
        // The test command installs the tool into .tools/pwsh (tests/AtlasPS.Tests/Pwsh/PwshTool.cs); the bench uses the same place.
        var tools = Path.Combine(RepoRoot(), ".tools", "pwsh");
        var local = Path.Combine(tools, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
        if (File.Exists(local)) return local;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
            if (dir.Length > 0 && File.Exists(candidate)) return candidate;
        }
        Console.WriteLine("  installing the PowerShell 7.6.9 global tool into .tools/pwsh (once)...");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false };
        foreach (var a in new[] { "tool", "install", "PowerShell", "--version", "7.6.9", "--tool-path", tools }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(local))
            throw new InvalidOperationException("No pwsh: set ATLASPS_PWSH, put pwsh on PATH, or let 'dotnet tool install PowerShell --version 7.6.9 --tool-path .tools/pwsh' succeed.");
        return local;
    }

    /// <summary>The module that `dotnet build` of the bench (Release) lays out in out/AtlasPS/&lt;version&gt;/.</summary>
    public static string ModuleManifest()
    {
        var root = Path.Combine(RepoRoot(), "out", "AtlasPS");
        var manifest = Directory.Exists(root)
            ? Directory.GetFiles(root, "AtlasPS.psd1", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
        return manifest ?? throw new InvalidOperationException($"No laid-out module under {root}: build the bench (dotnet run --project bench/AtlasPS.Bench -c Release) or the solution first.");
    }
}
