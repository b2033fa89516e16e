using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Commands;
using AtlasPS.Core;
using AtlasPS.Core.Secrets;

namespace AtlasPS.SecretManagement
{
    /// <summary>
    /// ISecretVault over Microsoft.PowerShell.SecretManagement, used optionally (not a RequiredModule).
    /// Every call is module-qualified (a user's own Set-Secret function cannot shadow it) and runs in a nested
    /// pipeline of the CURRENT runspace on the PIPELINE THREAD (through the cmdlet's dispatcher, which runs it while
    /// AtlasCmdlet.Run waits), so that the user's host still answers a vault's password prompt. The cmdlet asks its own
    /// ShouldProcess first; here -Confirm:$false is passed to mutators.
    /// <para>
    /// SecretManagement as it really behaves: a vault's failure is usually a NON-terminating error, so every call
    /// collects the errors it wrote and fails on them. Those errors are handled here (they become AtlasPS's own error
    /// or warning), so they are taken out of $Error again. The vault's warnings go to the cmdlet's warning stream
    /// (never straight to the host), so -WarningAction, 3&gt;$null and -WarningVariable apply to them.
    /// </para>
    /// </summary>
    public sealed class SecretManagementVault : ISecretVault
    {
        private const string Module = "Microsoft.PowerShell.SecretManagement";
        private readonly CommandInvocationIntrinsics invokeCommand;
        private readonly SessionState? sessionState;
        private readonly PipelineDispatcher dispatcher;
        private readonly Action<string> writeWarning;
        // A vault that warns on every call (a hand-off makes several) is reported once per command and message.
        private readonly HashSet<string> warned = new HashSet<string>(StringComparer.Ordinal);

        /// <summary>Create it on the pipeline thread (in BeginProcessing/ProcessRecord/EndProcessing).</summary>
        public SecretManagementVault(AtlasCmdlet cmdlet)
            : this((cmdlet ?? throw new ArgumentNullException(nameof(cmdlet))).InvokeCommand, cmdlet.SessionState, cmdlet.Dispatcher, cmdlet.WriteWarning) { }

        /// <summary>
        /// Without a cmdlet (the DSC resources: PowerShell class methods on the pipeline thread): commands are found
        /// through <paramref name="invokeCommand"/> ($ExecutionContext.InvokeCommand) and run through
        /// <paramref name="dispatcher"/>; vault warnings go to <paramref name="writeWarning"/> (on the pipeline thread).
        /// Without a session state, the errors a vault wrote and AtlasPS handled are not taken out of $Error.
        /// </summary>
        internal SecretManagementVault(CommandInvocationIntrinsics invokeCommand, SessionState? sessionState, PipelineDispatcher dispatcher, Action<string> writeWarning)
        {
            this.invokeCommand = invokeCommand ?? throw new ArgumentNullException(nameof(invokeCommand));
            this.sessionState = sessionState;
            this.dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
            this.writeWarning = writeWarning ?? throw new ArgumentNullException(nameof(writeWarning));
        }

        private Task<T> OnPipeline<T>(Func<T> call) => dispatcher.InvokeAsync(call);

        // ------------------------------------------------------------------ ISecretVault

        public bool IsAvailable => OnPipeline(() => Find("Set-Secret") != null).GetAwaiter().GetResult();

        public Task<SecretVaultStatus> TestVaultAsync(string vaultName, CancellationToken ct) => OnPipeline(() =>
        {
            // An unknown name writes an error and returns nothing: that is "not registered", not a failure.
            var found = Invoke("Get-SecretVault", new Hashtable { ["Name"] = vaultName }, out _);
            if (found.Count == 0) return new SecretVaultStatus(vaultName, SecretVaultState.NotRegistered);
            try
            {
                // A locked SecretStore returns False AND writes errors (the reason).
                var r = Invoke("Test-SecretVault", new Hashtable { ["Name"] = vaultName }, out var errors);
                bool ok = r.Count > 0 && r[r.Count - 1]?.BaseObject is bool b && b;
                if (ok && errors.Count == 0) return new SecretVaultStatus(vaultName, SecretVaultState.Ready);
                return new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, errors.Count > 0 ? MessageOf(errors[0]) : "Test-SecretVault returned False");
            }
            catch (InvalidOperationException ex)
            {
                return new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, ex.Message);
            }
        });

        public Task<bool> SecretExistsAsync(string vaultName, string secretName, CancellationToken ct) =>
            OnPipeline(() => FindInfo(vaultName, secretName) != null);

        public Task SetCredentialAsync(string vaultName, string secretName, string userName, SecureString secret, bool overwrite, CancellationToken ct) => OnPipeline(() =>
        {
            // Deliberately no -Metadata: with a vault that cannot keep metadata, Set-Secret -Metadata deletes the
            // secret it just wrote (SecretManagement issue #227). -NoClobber guards against a name taken since the preflight.
            var p = new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Secret"] = new PSCredential(userName, secret), ["Confirm"] = false };
            if (!overwrite) p["NoClobber"] = true;
            InvokeOrFail("Set-Secret", p);
            return true;
        });

        public Task SetMetadataAsync(string vaultName, string secretName, IReadOnlyDictionary<string, object> metadata, CancellationToken ct) => OnPipeline(() =>
        {
            if (Find("Set-SecretInfo") == null)
                throw new NotSupportedException("the installed SecretManagement has no Set-SecretInfo (update it to 1.1 or later)");
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in metadata) table[kv.Key] = kv.Value;
            InvokeOrFail("Set-SecretInfo", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Metadata"] = table, ["Confirm"] = false });
            return true;
        });

        public Task<StoredCredential?> GetCredentialAsync(string vaultName, string secretName, CancellationToken ct) => OnPipeline<StoredCredential?>(() =>
        {
            var info = FindInfo(vaultName, secretName);
            if (info == null) return null;
            var metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            // SecretInformation.Metadata is a ReadOnlyDictionary<string, object>; a script object may wrap it in a PSObject.
            var raw = info.Properties["Metadata"]?.Value;
            if ((raw is PSObject wrapped ? wrapped.BaseObject : raw) is IDictionary d)
                foreach (DictionaryEntry kv in d)
                    if (kv.Key != null && kv.Value != null) metadata[kv.Key.ToString()!] = kv.Value is PSObject po ? po.BaseObject : kv.Value;

            var r = InvokeOrFail("Get-Secret", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName });
            object? value = r.Count > 0 ? r[0]?.BaseObject : null;
            switch (value)
            {
                case PSCredential c: return new StoredCredential(c.UserName, c.Password, metadata);
                case SecureString s: return new StoredCredential(null, s, metadata);
                case null: return null;
                default:
                    throw new AtlasVaultException(StoredCredentialReader.ErrorNotCredential, AtlasErrorCategory.InvalidData,
                        $"The secret '{vaultName}/{secretName}' is a {value.GetType().Name}, not a credential. Store a PSCredential with the public key (or client id) as user name " +
                        "and the private key (or client secret) as password.", vaultName, secretName);
            }
        });

        public Task RemoveSecretAsync(string vaultName, string secretName, CancellationToken ct) => OnPipeline(() =>
        {
            InvokeOrFail("Remove-Secret", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Confirm"] = false });
            return true;
        });

        // ------------------------------------------------------------------ helpers (pipeline thread only)

        // Module-qualified, so a user's own Set-Secret function never answers. Functions count too: a proxy or test
        // module of that name may export functions instead of cmdlets.
        private CommandInfo? Find(string command) =>
            invokeCommand.GetCommand(Module + "\\" + command, CommandTypes.Cmdlet | CommandTypes.Function);

        /// <summary>The SecretInformation of exactly this name (Get-SecretInfo -Name takes wildcards: escape, then compare).</summary>
        private PSObject? FindInfo(string vaultName, string secretName)
        {
            var r = InvokeOrFail("Get-SecretInfo", new Hashtable { ["Name"] = WildcardPattern.Escape(secretName), ["Vault"] = vaultName });
            foreach (var o in r)
                if (o != null && string.Equals(o.Properties["Name"]?.Value as string, secretName, StringComparison.OrdinalIgnoreCase)) return o;
            return null;
        }

        /// <summary>Invoke, and fail (InvalidOperationException with the vault's own words) on the first error it wrote.</summary>
        private Collection<PSObject> InvokeOrFail(string command, Hashtable parameters)
        {
            var results = Invoke(command, parameters, out var errors);
            if (errors.Count > 0) throw new InvalidOperationException(command + ": " + MessageOf(errors[0]));
            return results;
        }

        /// <summary>
        /// Runs one module-qualified SecretManagement cmdlet in a nested pipeline of the current runspace. Its warnings are
        /// merged into its output and written through the cmdlet (so the cmdlet's warning preferences apply; each message once); its
        /// non-terminating errors are returned; a terminating error becomes an InvalidOperationException whose message is
        /// the vault's own (never a secret: none is in the command text). Every error it wrote is taken out of $Error:
        /// the caller handles it.
        /// </summary>
        private Collection<PSObject> Invoke(string command, Hashtable parameters, out List<ErrorRecord> errors)
        {
            var dollarError = sessionState?.PSVariable.GetValue("Error") as ArrayList;
            object? newestBefore = dollarError != null && dollarError.Count > 0 ? dollarError[0] : null;
            var results = new Collection<PSObject>();
            try
            {
                using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
                {
                    ps.AddCommand(Module + "\\" + command);
                    foreach (DictionaryEntry p in parameters) ps.AddParameter((string)p.Key, p.Value);
                    ps.AddParameter("ErrorAction", ActionPreference.Continue);
                    ps.AddParameter("WarningAction", ActionPreference.Continue);
                    ps.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Warning, PipelineResultTypes.Output);
                    Collection<PSObject> output;
                    try
                    {
                        output = ps.Invoke();
                    }
                    catch (RuntimeException ex)
                    {
                        throw new InvalidOperationException(command + ": " + (ex.ErrorRecord is { } er ? MessageOf(er) : VaultMessages.Clean(Innermost(ex).Message)), Innermost(ex));
                    }
                    foreach (var o in output)
                    {
                        if (o?.BaseObject is WarningRecord w) { if (warned.Add(w.Message)) writeWarning(w.Message); }
                        else results.Add(o!);
                    }
                    errors = new List<ErrorRecord>(ps.Streams.Error);
                    return results;
                }
            }
            finally
            {
                // Handled errors stay out of $Error: remove what this call added in front of the newest entry before it.
                if (dollarError != null)
                    while (dollarError.Count > 0 && !ReferenceEquals(dollarError[0], newestBefore)) dollarError.RemoveAt(0);
            }
        }

        /// <summary>What the vault said, without PowerShell's wrappers ("Exception calling ... with 0 argument(s)").</summary>
        private static string MessageOf(ErrorRecord record)
        {
            if (!string.IsNullOrWhiteSpace(record.ErrorDetails?.Message)) return VaultMessages.Clean(record.ErrorDetails!.Message);
            if (record.Exception != null) return VaultMessages.Clean(Innermost(record.Exception).Message);
            return VaultMessages.Clean(record.ToString());
        }

        /// <summary>The exception a method call wrapped (MethodInvocationException, ActionPreferenceStopException).</summary>
        private static Exception Innermost(Exception ex)
        {
            for (int i = 0; i < 5; i++)
            {
                if (ex is ActionPreferenceStopException stop && stop.ErrorRecord?.Exception is { } e1 && !ReferenceEquals(e1, ex)) { ex = e1; continue; }
                if (ex is MethodInvocationException && ex.InnerException != null) { ex = ex.InnerException; continue; }
                if (ex is System.Reflection.TargetInvocationException && ex.InnerException != null) { ex = ex.InnerException; continue; }
                break;
            }
            return ex;
        }
    }
}
