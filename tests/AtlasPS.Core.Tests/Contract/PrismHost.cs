using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// Finds or installs Prism (npm @stoplight/prism-cli) under &lt;repo&gt;/.tools/prism and starts it as a mock or a
/// validating proxy. The spec is always read from the repo's sibling shared folder at run time, never copied.
/// </summary>
public static class PrismTool
{
    public const string Package = "@stoplight/prism-cli";
    public const string Version = "5.16.0";

    private static readonly Lazy<string> repoRoot = new(FindRepoRoot);

    /// <summary>The folder that holds AtlasPS.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot => repoRoot.Value;

    /// <summary>The spec (<see cref="AtlasSpec"/>: $ATLASPS_OPENAPI or ../shared/atlas/atlas-admin-api.json); skips the test when absent.</summary>
    public static string SpecPath => AtlasSpec.Require();

    public static string InstallDir => Path.Combine(RepoRoot, ".tools", "prism");

    public static string Executable => Path.Combine(InstallDir, "node_modules", ".bin", OperatingSystem.IsWindows() ? "prism.cmd" : "prism");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AtlasPS.sln"))) return dir.FullName;
        throw new InvalidOperationException("Could not find AtlasPS.sln above " + AppContext.BaseDirectory);
    }

    private static bool Installed()
    {
        if (!File.Exists(Executable)) return false;
        var pkg = Path.Combine(InstallDir, "node_modules", "@stoplight", "prism-cli", "package.json");
        if (!File.Exists(pkg)) return false;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(pkg));
            return doc.RootElement.TryGetProperty("version", out var v) && v.GetString() == Version;
        }
        catch (JsonException) { return false; }
    }

    /// <summary>
    /// Makes sure Prism is installed; installs it with npm when missing. Several test processes may call this at
    /// once: a lock file serializes the installs, and the second one finds Prism already there.
    /// </summary>
    public static string EnsureInstalled()
    {
        if (Installed()) return Executable;
        Directory.CreateDirectory(InstallDir);
        var lockPath = Path.Combine(RepoRoot, ".tools", "prism.install.lock");
        using (AcquireLock(lockPath, TimeSpan.FromMinutes(10)))
        {
            if (Installed()) return Executable;
            string node = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node")
                ?? throw new InvalidOperationException(NeedsNode("node was not found on PATH"));
            string npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm")
                ?? throw new InvalidOperationException(NeedsNode("npm was not found on PATH (node is at " + node + ")"));
            var psi = new ProcessStartInfo(npm)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "install", "--prefix", InstallDir, Package + "@" + Version, "--no-audit", "--no-fund" }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi) ?? throw new InvalidOperationException("Could not start " + npm);
            var outTask = p.StandardOutput.ReadToEndAsync();
            var errTask = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit((int)TimeSpan.FromMinutes(8).TotalMilliseconds))
            {
                p.Kill(entireProcessTree: true);
                throw new InvalidOperationException("npm install of " + Package + "@" + Version + " did not finish within 8 minutes.");
            }
            string output = outTask.Result + errTask.Result;
            if (p.ExitCode != 0 || !Installed())
                throw new InvalidOperationException($"npm install --prefix {InstallDir} {Package}@{Version} failed (exit {p.ExitCode}); the contract tests need Prism. npm said:\n{output}");
            return Executable;
        }
    }

    private static string NeedsNode(string what) =>
        $"The contract tests need Prism ({Package}@{Version}) and it is not installed at {InstallDir}; installing it needs Node.js and npm, but {what}. " +
        $"Install Node.js (18 or later, with npm), or run tools/prism/install.sh on a machine that has it.";

    private static IDisposable AcquireLock(string path, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (sw.Elapsed < timeout)
            {
                Thread.Sleep(500);
            }
            catch (UnauthorizedAccessException) when (sw.Elapsed < timeout)
            {
                Thread.Sleep(500);
            }
        }
    }

    internal static string? FindOnPath(string file)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir.Trim('"'), file);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    internal static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        int port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>`prism mock -h 127.0.0.1 -p &lt;free port&gt; &lt;spec&gt;`; returns when it answers HTTP.</summary>
    public static Task<PrismProcess> StartMockAsync(CancellationToken ct = default) =>
        StartAsync(port => new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(), SpecPath }, ct);

    /// <summary>`prism proxy &lt;spec&gt; &lt;upstream&gt; --errors -h 127.0.0.1 -p &lt;free port&gt;`: validates traffic both ways.</summary>
    public static Task<PrismProcess> StartProxyAsync(Uri upstream, CancellationToken ct = default) =>
        StartAsync(port => new[] { "proxy", SpecPath, upstream.GetLeftPart(UriPartial.Authority), "--errors", "-h", "127.0.0.1", "-p", port.ToString() }, ct);

    private static async Task<PrismProcess> StartAsync(Func<int, string[]> args, CancellationToken ct)
    {
        string exe = EnsureInstalled();
        Exception? last = null;
        for (int attempt = 0; attempt < 3; attempt++) // a free port can be taken between probe and bind
        {
            int port = FreePort();
            var p = PrismProcess.Start(exe, args(port), port);
            try
            {
                await p.WaitUntilReadyAsync(TimeSpan.FromSeconds(90), ct).ConfigureAwait(false);
                return p;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex;
                await p.DisposeAsync().ConfigureAwait(false);
            }
        }
        throw new InvalidOperationException("Prism did not start: " + last?.Message, last);
    }
}

/// <summary>One running Prism process. Disposing kills the whole process tree (the npm shim and node).</summary>
public sealed class PrismProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Queue<string> log = new();
    private readonly object gate = new();
    private const int MaxLogLines = 4000;

    private PrismProcess(Process process, int port, string commandLine)
    {
        this.process = process;
        BaseUri = new Uri("http://127.0.0.1:" + port + "/");
        CommandLine = commandLine;
    }

    public Uri BaseUri { get; }
    public string CommandLine { get; }
    public TimeSpan StartupTime { get; private set; }

    internal static PrismProcess Start(string exe, string[] args, int port)
    {
        ProcessStartInfo psi;
        if (OperatingSystem.IsWindows())
        {
            psi = new ProcessStartInfo("cmd.exe");
            psi.ArgumentList.Add("/c");
            psi.ArgumentList.Add(exe);
        }
        else psi = new ProcessStartInfo(exe);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.UseShellExecute = false;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["FORCE_COLOR"] = "0";
        var p = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var prism = new PrismProcess(p, port, "prism " + string.Join(" ", args));
        p.OutputDataReceived += (_, e) => prism.Append(e.Data);
        p.ErrorDataReceived += (_, e) => prism.Append(e.Data);
        if (!p.Start()) throw new InvalidOperationException("Could not start " + exe);
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return prism;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (gate)
        {
            log.Enqueue(line);
            while (log.Count > MaxLogLines) log.Dequeue();
        }
    }

    /// <summary>The last lines Prism wrote (bounded), for failure messages.</summary>
    public string Log(int lastLines = 60)
    {
        lock (gate) return string.Join("\n", log.Skip(Math.Max(0, log.Count - lastLines)));
    }

    public IReadOnlyList<string> LogLines() { lock (gate) return log.ToList(); }

    public void ClearLog() { lock (gate) log.Clear(); }

    internal async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new InvalidOperationException($"`{CommandLine}` exited with code {process.ExitCode} before answering. Its output:\n{Log()}");
            try
            {
                // Any HTTP answer (Prism says 404 "no path matched" for /) means it is listening.
                using var r = await http.GetAsync(new Uri(BaseUri, "/__prism_ready"), ct).ConfigureAwait(false);
                StartupTime = sw.Elapsed;
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested) { }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"`{CommandLine}` did not answer on {BaseUri} within {timeout.TotalSeconds:0} s. Its output:\n{Log()}");
            await Task.Delay(200, ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (OperationCanceledException) { /* gave up waiting */ }
        process.Dispose();
    }
}
