using System.Diagnostics;
using Xunit;

namespace AtlasPS.Tests.Pwsh;

/// <summary>
/// A real pwsh for the tests: the PowerShell global tool (NuGet package "PowerShell") installed into
/// &lt;repo&gt;/.tools/pwsh with `dotnet tool install` when missing, like Prism for the contract tests. Pester comes from
/// the NuGet package folder (a PackageDownload of AtlasPS.Tests.csproj) and is imported by path.
/// </summary>
public static class PwshTool
{
    public const string Version = "7.6.9";
    public const string PesterVersion = "5.7.1";

    public static string InstallDir => Path.Combine(TestPaths.RepoRoot, ".tools", "pwsh");
    public static string Executable => Path.Combine(InstallDir, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh");
    public static string PesterManifest => Path.Combine(TestPaths.NuGetRoot, "pester", PesterVersion, "tools", "Pester.psd1");

    /// <summary>True on CI (CI=true): there a missing pwsh is a failure, never a skip.</summary>
    public static bool OnCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    private static readonly Lazy<string?> installFailure = new(() =>
    {
        try { EnsureInstalled(); return null; }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception) { return ex.Message; }
    });

    /// <summary>Null when pwsh is ready (installed now if it was missing), else why it could not be installed.</summary>
    public static string? InstallFailure => installFailure.Value;

    private static bool Installed() =>
        File.Exists(Executable) && Directory.Exists(Path.Combine(InstallDir, ".store", "powershell", Version));

    /// <summary>Installs the tool when missing. A lock file serializes concurrent test processes.</summary>
    public static string EnsureInstalled()
    {
        if (Installed()) return Executable;
        Directory.CreateDirectory(InstallDir);
        using (AcquireLock(Path.Combine(TestPaths.RepoRoot, ".tools", "pwsh.install.lock"), TimeSpan.FromMinutes(10)))
        {
            if (Installed()) return Executable;
            // "update" installs when absent and replaces another version when present.
            var (exit, output) = Dotnet("tool", "update", "PowerShell", "--version", Version, "--tool-path", InstallDir);
            if (exit != 0 || !Installed())
                throw new InvalidOperationException(
                    $"`dotnet tool update PowerShell --version {Version} --tool-path {InstallDir}` failed (exit {exit}); the Pester and runbook tests need pwsh. " +
                    $"Run it by hand where the NuGet feed is reachable. dotnet said:\n{output}");
            return Executable;
        }
    }

    private static (int Exit, string Output) Dotnet(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet");
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(8))) { p.Kill(entireProcessTree: true); throw new InvalidOperationException("dotnet " + string.Join(" ", args) + " did not finish within 8 minutes."); }
        return (p.ExitCode, o.Result + e.Result);
    }

    private static FileStream AcquireLock(string path, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose); }
            catch (IOException) when (sw.Elapsed < timeout) { Thread.Sleep(500); }
            catch (UnauthorizedAccessException) when (sw.Elapsed < timeout) { Thread.Sleep(500); }
        }
    }

    /// <summary>
    /// Runs `pwsh -NoProfile -NonInteractive -File script args` with <paramref name="environment"/> added and every
    /// MONGODB_ATLAS_* variable of the test process removed. Stdin is closed, as under a scheduler.
    /// </summary>
    public static (int Exit, string Out, string Err) RunFile(string script, IEnumerable<string> args, IDictionary<string, string> environment, TimeSpan guard)
    {
        var psi = new ProcessStartInfo(EnsureInstalled())
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = TestPaths.RepoRoot,
        };
        foreach (var a in new[] { "-NoProfile", "-NonInteractive", "-File", script }.Concat(args)) psi.ArgumentList.Add(a);
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("MONGODB_ATLAS_", StringComparison.OrdinalIgnoreCase)).ToList())
            psi.Environment.Remove(name);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["POWERSHELL_UPDATECHECK"] = "Off";
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(guard))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"pwsh -File {script} did not finish within {guard.TotalMinutes:0} minutes. Output so far:\n{Tail(stdout)}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Tail(Task<string> t) => t.IsCompleted ? t.Result[^Math.Min(t.Result.Length, 4000)..] : "(still reading)";
}

/// <summary>
/// A fact that needs a real pwsh. Where the tool cannot be installed (no NuGet feed) outside CI it is reported as
/// skipped with the reason; on CI (CI=true) it runs and fails with that reason.
/// </summary>
public sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (!PwshTool.OnCi && PwshTool.InstallFailure is { } why) Skip = "pwsh could not be installed: " + why;
    }
}
