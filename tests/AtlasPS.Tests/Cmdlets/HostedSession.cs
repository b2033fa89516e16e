using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Text;
using AtlasPS.Emulator;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>What one invocation produced, stream by stream, plus what the host was asked to print.</summary>
public sealed class HostedOutcome
{
    public List<PSObject> Output { get; } = new();
    public List<ErrorRecord> Errors { get; } = new();
    public List<string> Warnings { get; } = new();
    public List<string> Verbose { get; } = new();
    public List<string> Debug { get; } = new();
    public List<string> Information { get; } = new();
    public string HostText { get; set; } = "";

    /// <summary>Everything a user could read: output rendered with Out-String by the caller, every stream, host text.</summary>
    public string AllText() => string.Join("\n", Output.Select(o => o?.ToString() ?? "")
        .Concat(Errors.SelectMany(e => new[] { e.ToString(), e.Exception?.ToString() ?? "", e.ErrorDetails?.Message ?? "", e.FullyQualifiedErrorId }))
        .Concat(Warnings).Concat(Verbose).Concat(Debug).Concat(Information).Append(HostText));

    public IEnumerable<string> Strings => Output.Select(o => o?.ToString() ?? "");
}

/// <summary>
/// A real PowerShell 7.6 runspace (Microsoft.PowerShell.SDK, in-process) with the laid-out module
/// out/AtlasPS/&lt;version&gt;/AtlasPS.psd1 imported, optionally connected to an emulator. The host records what it is
/// asked to print (e.g. "What if:" lines) and every confirmation prompt (answered No).
/// </summary>
public sealed class HostedSession : IDisposable
{
    private readonly RecordingHost host = new();

    public Runspace Runspace { get; }

    public static string Manifest => Path.Combine(TestPaths.OutModule, "AtlasPS.psd1");

    private HostedSession()
    {
        Runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        Runspace.Open();
    }

    /// <summary>Imports the module; connects to <paramref name="emulator"/> (seeded owner key) when given.</summary>
    public static HostedSession Start(EmulatorServer? emulator = null)
    {
        var s = new HostedSession();
        var o = s.Invoke($"Import-Module '{Manifest}' -ErrorAction Stop");
        if (o.Errors.Count > 0) throw new InvalidOperationException("Import-Module failed: " + o.Errors[0]);
        if (emulator != null)
        {
            o = s.Invoke(s.ConnectScript(emulator) + " -ErrorAction Stop");
            if (o.Errors.Count > 0) throw new InvalidOperationException("Connect-Atlas failed: " + o.Errors[0]);
        }
        return s;
    }

    /// <summary>Runs one script in a fresh runspace (nothing imported) and closes it.</summary>
    public static HostedOutcome RunOnce(string script)
    {
        using var s = new HostedSession();
        return s.Invoke(script);
    }

    /// <summary>A Connect-Atlas command for the seeded owner key; the private key travels in a SecureString variable.</summary>
    public string ConnectScript(EmulatorServer emulator)
    {
        string variable = "atlasPrivateKey" + emulator.BaseUri.Port;
        SetSecureVariable(variable, emulator.Seed.PrivateKey);
        return $"Connect-Atlas -BaseUri '{emulator.BaseUri}' -PublicKey '{emulator.Seed.PublicKey}' -PrivateKey ${variable}";
    }

    /// <summary>Lines the host printed (What if: text, Write-Host) since the last invocation.</summary>
    public int PromptCount => host.Ui.Prompts.Count;
    public IReadOnlyList<string> Prompts => host.Ui.Prompts;

    /// <summary>Sets $name to a SecureString holding <paramref name="plain"/> (no script text ever contains it).</summary>
    public void SetSecureVariable(string name, string plain)
    {
        var secure = new SecureString();
        foreach (var c in plain) secure.AppendChar(c);
        secure.MakeReadOnly();
        Runspace.SessionStateProxy.SetVariable(name, secure);
    }

    public PowerShell Create()
    {
        var ps = PowerShell.Create();
        ps.Runspace = Runspace;
        return ps;
    }

    /// <summary>Runs a script; a terminating error ends up in <see cref="HostedOutcome.Errors"/> too.</summary>
    public HostedOutcome Invoke(string script)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        host.Ui.Clear();
        var outcome = new HostedOutcome();
        try
        {
            using var ps = Create();
            ps.AddScript(script);
            try { outcome.Output.AddRange(ps.Invoke()); }
            catch (RuntimeException ex) { outcome.Errors.Add(ex.ErrorRecord); }
            outcome.Errors.InsertRange(0, ps.Streams.Error);
            outcome.Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
            outcome.Verbose.AddRange(ps.Streams.Verbose.Select(w => w.Message));
            outcome.Debug.AddRange(ps.Streams.Debug.Select(w => w.Message));
            outcome.Information.AddRange(ps.Streams.Information.Select(w => w.MessageData?.ToString() ?? ""));
            outcome.HostText = host.Ui.Text;
            return outcome;
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    public void Dispose() => Runspace.Dispose();

    /// <summary>The plain text of a SecureString, for comparisons inside the test only (never printed).</summary>
    public static string Reveal(object? secure) =>
        new System.Net.NetworkCredential("", (SecureString)((secure as PSObject)?.BaseObject ?? secure!)).Password;

    private sealed class RecordingHost : PSHost
    {
        public RecordingUi Ui { get; } = new();
        public override string Name => "AtlasPS.Tests";
        public override Version Version => new(1, 0);
        public override Guid InstanceId { get; } = Guid.NewGuid();
        public override PSHostUserInterface UI => Ui;
        public override CultureInfo CurrentCulture => CultureInfo.GetCultureInfo("en-US");
        public override CultureInfo CurrentUICulture => CultureInfo.GetCultureInfo("en-US");
        public override void EnterNestedPrompt() => throw new NotSupportedException();
        public override void ExitNestedPrompt() => throw new NotSupportedException();
        public override void NotifyBeginApplication() { }
        public override void NotifyEndApplication() { }
        public override void SetShouldExit(int exitCode) { }
    }

    private sealed class RecordingUi : PSHostUserInterface
    {
        private readonly StringBuilder text = new();
        public List<string> Prompts { get; } = new();
        public string Text { get { lock (text) return text.ToString(); } }
        public void Clear() { lock (text) text.Clear(); Prompts.Clear(); }
        private void Add(string s) { lock (text) text.Append(s); }

        public override PSHostRawUserInterface? RawUI => null;
        public override string ReadLine() => "";
        public override SecureString ReadLineAsSecureString() => new();
        public override void Write(string value) => Add(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Add(value);
        public override void WriteLine(string value) => Add(value + "\n");
        public override void WriteErrorLine(string value) => Add(value + "\n");
        public override void WriteDebugLine(string message) => Add("DEBUG: " + message + "\n");
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Add("VERBOSE: " + message + "\n");
        public override void WriteWarningLine(string message) => Add("WARNING: " + message + "\n");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) =>
            throw new NotSupportedException("The test host does not answer prompts: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
            throw new NotSupportedException("The test host does not answer prompts: " + message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) =>
            throw new NotSupportedException("The test host does not answer prompts: " + message);

        /// <summary>Records the question and answers "No" (the choice labelled &amp;No), so nothing changes.</summary>
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice)
        {
            Prompts.Add(caption + ": " + message);
            var no = choices.Select((c, i) => (c, i)).FirstOrDefault(x => x.c.Label.Replace("&", "") == "No");
            return no.c is null ? defaultChoice : no.i;
        }
    }
}
