using System.Collections.ObjectModel;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

/// <summary>
/// The demo's PowerShell host: what PowerShell writes to its host (the "What if:" lines of -WhatIf, Write-Host) goes to
/// the console. Without a host those lines are dropped, and `--whatif` would show no plan at all. The demo never asks
/// questions, so prompts are refused.
/// </summary>
internal sealed class ConsoleHost : PSHost
{
    private readonly ConsoleUi ui = new();
    public override string Name => "AtlasPS.Demo";
    public override Version Version => new(1, 0);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => ui;
    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;
    public override void EnterNestedPrompt() => throw new NotSupportedException();
    public override void ExitNestedPrompt() => throw new NotSupportedException();
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
    public override void SetShouldExit(int exitCode) { }

    private sealed class ConsoleUi : PSHostUserInterface
    {
        private static NotSupportedException NoPrompts(string message) => new("The demo runs unattended and answers no prompts: " + message);

        public override PSHostRawUserInterface? RawUI => null;
        public override void Write(string value) => Console.Write(value);
        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Console.Write(value);
        public override void WriteLine(string value) => Console.WriteLine(value);
        public override void WriteErrorLine(string value) => Console.Error.WriteLine(value);
        public override void WriteDebugLine(string message) => Console.WriteLine("DEBUG: " + message);
        public override void WriteProgress(long sourceId, ProgressRecord record) { }
        public override void WriteVerboseLine(string message) => Console.WriteLine("VERBOSE: " + message);
        public override void WriteWarningLine(string message) => Console.WriteLine("WARNING: " + message);
        public override string ReadLine() => throw NoPrompts("ReadLine");
        public override SecureString ReadLineAsSecureString() => throw NoPrompts("ReadLineAsSecureString");
        public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NoPrompts(message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NoPrompts(message);
        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
            PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NoPrompts(message);
        public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NoPrompts(message);
    }
}
