using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Secrets;

namespace AtlasPS.SecretManagement
{
    /// <summary>
    /// ISecretVault over Microsoft.PowerShell.SecretManagement, used optionally (not a RequiredModule).
    /// Every call is module-qualified (a user's own Set-Secret function cannot shadow it) and runs in a nested
    /// pipeline of the CURRENT runspace on the PIPELINE THREAD, so that the user's host still answers a vault's
    /// password prompt. The cmdlet asks its own ShouldProcess first; here -Confirm:$false is passed to mutators.
    /// <para>
    /// Threading: the core awaits HTTP calls, so it may call the vault from a thread-pool thread. Calls made off the
    /// pipeline thread are queued and run by <see cref="Pump{T}"/>, which the cmdlet uses instead of blocking:
    /// <c>var key = vault.Pump(handoff.CreateAndStoreAsync(..., CancellationToken));</c> (inside Run(...) or a
    /// try/catch that turns OperationCanceledException into PipelineStoppedException).
    /// </para>
    /// </summary>
    public sealed class SecretManagementVault : ISecretVault
    {
        private const string Module = "Microsoft.PowerShell.SecretManagement";
        private readonly CommandInvocationIntrinsics invokeCommand;
        private readonly Action<string> writeWarning;
        private readonly int pipelineThread;
        private readonly BlockingCollection<Action> queue = new BlockingCollection<Action>();
        private volatile bool pumping;

        /// <summary>Create it on the pipeline thread (in BeginProcessing/ProcessRecord/EndProcessing).</summary>
        public SecretManagementVault(PSCmdlet cmdlet)
            : this((cmdlet ?? throw new ArgumentNullException(nameof(cmdlet))).InvokeCommand, cmdlet.WriteWarning) { }

        /// <summary>
        /// Without a cmdlet (the DSC resources: PowerShell class methods on the pipeline thread): commands are found
        /// through <paramref name="invokeCommand"/> ($ExecutionContext.InvokeCommand), vault warnings go to the sink.
        /// </summary>
        public SecretManagementVault(CommandInvocationIntrinsics invokeCommand, Action<string> writeWarning)
        {
            this.invokeCommand = invokeCommand ?? throw new ArgumentNullException(nameof(invokeCommand));
            this.writeWarning = writeWarning ?? throw new ArgumentNullException(nameof(writeWarning));
            pipelineThread = Thread.CurrentThread.ManagedThreadId;
        }

        // ------------------------------------------------------------------ pipeline-thread dispatch

        /// <summary>Blocks the pipeline thread until the task completes, running the vault calls it queues meanwhile.</summary>
        public T Pump<T>(Task<T> task)
        {
            if (task is null) throw new ArgumentNullException(nameof(task));
            if (Thread.CurrentThread.ManagedThreadId != pipelineThread) throw new InvalidOperationException("Pump must be called on the pipeline thread that created the vault.");
            pumping = true;
            try
            {
                task.ContinueWith(_ => queue.Add(() => { }), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                while (!task.IsCompleted) queue.Take()();
            }
            finally { pumping = false; }
            return task.GetAwaiter().GetResult();
        }

        public void Pump(Task task) => Pump(task.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default));

        private Task<T> OnPipeline<T>(Func<T> call)
        {
            if (Thread.CurrentThread.ManagedThreadId == pipelineThread)
            {
                try { return Task.FromResult(call()); }
                catch (Exception ex) { return Task.FromException<T>(ex); }
            }
            if (!pumping) throw new InvalidOperationException("SecretManagement is called off the pipeline thread; run the work through SecretManagementVault.Pump.");
            var tcs = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            queue.Add(() =>
            {
                try { tcs.SetResult(call()); }
                catch (Exception ex) { tcs.SetException(ex); }
            });
            return tcs.Task;
        }

        // ------------------------------------------------------------------ ISecretVault

        public bool IsAvailable => OnPipeline(() => Find("Set-Secret") != null).GetAwaiter().GetResult();

        public Task<SecretVaultStatus> TestVaultAsync(string vaultName, CancellationToken ct) => OnPipeline(() =>
        {
            var found = Invoke("Get-SecretVault", new Hashtable { ["Name"] = vaultName, ["ErrorAction"] = ActionPreference.SilentlyContinue }, out _);
            if (found.Count == 0) return new SecretVaultStatus(vaultName, SecretVaultState.NotRegistered);
            try
            {
                var r = Invoke("Test-SecretVault", new Hashtable { ["Name"] = vaultName }, out var errors);
                bool ok = r.Count > 0 && r[r.Count - 1]?.BaseObject is bool b && b;
                if (ok && errors.Count == 0) return new SecretVaultStatus(vaultName, SecretVaultState.Ready);
                return new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, errors.Count > 0 ? errors[0].ToString() : "Test-SecretVault returned False");
            }
            catch (RuntimeException ex)
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
            var p = new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Secret"] = new PSCredential(userName, secret), ["Confirm"] = false, ["ErrorAction"] = ActionPreference.Stop };
            if (!overwrite) p["NoClobber"] = true;
            Invoke("Set-Secret", p, out _);
            return true;
        });

        public Task SetMetadataAsync(string vaultName, string secretName, IReadOnlyDictionary<string, object> metadata, CancellationToken ct) => OnPipeline(() =>
        {
            if (Find("Set-SecretInfo") == null)
                throw new NotSupportedException("the installed SecretManagement has no Set-SecretInfo (update it to 1.1 or later)");
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var kv in metadata) table[kv.Key] = kv.Value;
            Invoke("Set-SecretInfo", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Metadata"] = table, ["Confirm"] = false, ["ErrorAction"] = ActionPreference.Stop }, out _);
            return true;
        });

        public Task<StoredCredential?> GetCredentialAsync(string vaultName, string secretName, CancellationToken ct) => OnPipeline<StoredCredential?>(() =>
        {
            var info = FindInfo(vaultName, secretName);
            if (info == null) return null;
            var metadata = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase);
            if (info.Properties["Metadata"]?.Value is IDictionary d)
                foreach (DictionaryEntry kv in d)
                    if (kv.Key != null && kv.Value != null) metadata[kv.Key.ToString()!] = kv.Value is PSObject po ? po.BaseObject : kv.Value;

            var r = Invoke("Get-Secret", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["ErrorAction"] = ActionPreference.Stop }, out _);
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
            Invoke("Remove-Secret", new Hashtable { ["Name"] = secretName, ["Vault"] = vaultName, ["Confirm"] = false, ["ErrorAction"] = ActionPreference.Stop }, out _);
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
            var r = Invoke("Get-SecretInfo", new Hashtable { ["Name"] = WildcardPattern.Escape(secretName), ["Vault"] = vaultName, ["ErrorAction"] = ActionPreference.Stop }, out _);
            foreach (var o in r)
                if (o != null && string.Equals(o.Properties["Name"]?.Value as string, secretName, StringComparison.OrdinalIgnoreCase)) return o;
            return null;
        }

        /// <summary>
        /// Runs one module-qualified SecretManagement cmdlet in a nested pipeline of the current runspace. Warnings are
        /// forwarded to the cmdlet; non-terminating errors are returned; a terminating error becomes an
        /// InvalidOperationException whose message is the vault's own (never a secret: none is in the command text).
        /// </summary>
        private Collection<PSObject> Invoke(string command, Hashtable parameters, out List<ErrorRecord> errors)
        {
            using (var ps = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                ps.AddCommand(Module + "\\" + command);
                foreach (DictionaryEntry p in parameters) ps.AddParameter((string)p.Key, p.Value);
                Collection<PSObject> results;
                try
                {
                    results = ps.Invoke();
                }
                catch (RuntimeException ex)
                {
                    var inner = ex.ErrorRecord?.Exception ?? ex;
                    throw new InvalidOperationException(command + ": " + (ex.ErrorRecord?.ToString() ?? inner.Message), inner);
                }
                finally
                {
                    foreach (var w in ps.Streams.Warning) writeWarning(w.Message);
                }
                errors = new List<ErrorRecord>(ps.Streams.Error);
                return results;
            }
        }
    }
}
