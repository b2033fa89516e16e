using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace AtlasPS.Emulator.Tests;

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
    private static ProcessStartInfo Emulator(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AtlasPS.Emulator.dll");
        Assert.True(File.Exists(dll), dll);
        // Redirected streams: no terminal, as when started by a script, a service manager or CI.
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    [Theory]
    [InlineData("TERM", false)]
    [InlineData("INT", false)]
    [InlineData("TERM", true)]
    [InlineData("INT", true)]
    public async Task A_signal_stops_the_emulator_cleanly_without_a_terminal(string signal, bool asBackgroundJob)
    {
        var psi = Emulator("--port", "0", "--json");
        if (asBackgroundJob)
        {
            // As `emulator &` from a script: the shell starts background jobs with SIGINT and SIGQUIT ignored.
            var dotnet = psi.FileName;
            var args = psi.ArgumentList.ToList();
            psi.FileName = "/bin/sh";
            psi.ArgumentList.Clear();
            foreach (var a in new[] { "-c", "trap '' INT QUIT; exec \"$0\" \"$@\"", dotnet }.Concat(args)) psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        try
        {
            var line = await p.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var baseUri = new Uri(JsonNode.Parse(line!)!["baseUri"]!.GetValue<string>());
            var stderr = p.StandardError.ReadToEndAsync();

            using (var kill = Process.Start("kill", new[] { "-" + signal, p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) })!)
                await kill.WaitForExitAsync();

            // Generous: this is a hang detector, not a timing assertion.
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try { await p.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { Assert.Fail($"SIG{signal} did not stop the emulator"); }
            if (asBackgroundJob && signal == "INT")
            {
                // .NET cannot handle a signal the process started with ignored: SIGINT gets its default action back
                // and ends the process (128 + 2) instead of being ignored.
                Assert.Contains(p.ExitCode, new[] { 0, 130 });
            }
            else
            {
                Assert.Equal(0, p.ExitCode);
                Assert.Contains("stopped", await stderr);
            }
            using var http = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(baseUri));
        }
        finally
        {
            if (!p.HasExited) { p.Kill(entireProcessTree: true); await p.WaitForExitAsync(); }
        }
    }

    [Theory]
    [InlineData("--port", "abc")]
    [InlineData("--port", "70000")]
    [InlineData("--latency-ms", "-1")]
    [InlineData("--port")]
    [InlineData("--bogus")]
    public async Task A_bad_argument_gets_a_usage_message_not_a_stack_trace(params string[] args)
    {
        using var p = Process.Start(Emulator(args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { p.Kill(entireProcessTree: true); Assert.Fail("the emulator started instead of refusing " + string.Join(" ", args)); }
        string err = await stderr;
        Assert.Equal(2, p.ExitCode);
        Assert.Contains(args[0], err);
        Assert.Contains("Usage: AtlasPS.Emulator", err);
        Assert.DoesNotContain("   at ", err);
        Assert.DoesNotContain("Exception", err);
        Assert.Equal("", await stdout);
    }
}
