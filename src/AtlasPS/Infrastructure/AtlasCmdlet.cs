using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Base of every AtlasPS cmdlet: cancellation from Ctrl+C (StopProcessing), blocking on the core's async
    /// calls, and Atlas errors turned into ErrorRecords with stable ids and real categories.
    /// Cmdlets stay thin: parameters in, one call into AtlasPS.Core, objects out.
    /// </summary>
    public abstract class AtlasCmdlet : PSCmdlet, IDisposable
    {
        private readonly CancellationTokenSource cancellation = new CancellationTokenSource();

        protected CancellationToken CancellationToken => cancellation.Token;

        /// <summary>One progress activity per command (created on first use).</summary>
        private ProgressPump? progressPump;

        protected override void StopProcessing() => cancellation.Cancel();

        private PipelineDispatcher? dispatcher;

        /// <summary>The pipeline thread's dispatcher (created on first use, which is on the pipeline thread).</summary>
        internal PipelineDispatcher Dispatcher => dispatcher ??= new PipelineDispatcher();

        /// <summary>
        /// Runs core work and blocks the pipeline thread until it ends; Ctrl+C cancels the request in flight. While it
        /// waits, the dispatcher runs on this thread what the work posts, as it happens: the client's diagnostics for this
        /// work (one line per HTTP attempt, secrets already redacted) as -Verbose text, progress records (ProgressPump: one
        /// activity per command, a Completed record at the end), warnings and vault calls.
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var progress = progressPump ??= new ProgressPump(this, MyInvocation?.MyCommand?.Name ?? "AtlasPS");
            try
            {
                var task = Dispatcher.Run(() =>
                {
                    using (AtlasDiagnosticsScope.Begin(e => Dispatcher.Post(() => WriteVerbose("Atlas: " + e))))
                    using (progress.Begin(Dispatcher.Post))
                        return work(CancellationToken);
                });
                progress.Complete();
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        /// <summary>A warning from any thread: written on the pipeline thread (at once, or while Run waits).</summary>
        protected void PostWarning(string message) => Dispatcher.Post(() => WriteWarning(message));

        /// <summary>A progress record from any thread: written on the pipeline thread (at once, or while Run waits).</summary>
        protected void PostProgress(ProgressRecord record) => Dispatcher.Post(() => WriteProgress(record));

        protected void Run(Func<CancellationToken, Task> work) =>
            Run<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

        /// <summary>
        /// Streams an async sequence to the pipeline as items arrive. Each MoveNext is awaited by blocking this,
        /// the pipeline thread, so WriteObject is always called from the pipeline thread.
        /// </summary>
        protected void WriteAll<T>(IAsyncEnumerable<T> items, Func<T, object?>? project = null)
        {
            var e = items.GetAsyncEnumerator(CancellationToken);
            try
            {
                while (Run(async _ => await e.MoveNextAsync().ConfigureAwait(false)))
                    WriteObject(project is null ? e.Current : project(e.Current));
            }
            finally
            {
                try { e.DisposeAsync().AsTask().GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
            }
        }

        /// <summary>
        /// -Vault/-SecretName/-Force of the create cmdlets: false when none is given; true when both names are given
        /// and valid; AtlasValidationException (before any request) when only part is given or a name is invalid.
        /// </summary>
        protected static bool VaultRequested(string? vault, string? secretName, bool force)
        {
            if (!Core.Secrets.CredentialHandoff.IsRequested(vault, secretName, force)) return false;
            Core.Secrets.CredentialHandoff.ValidateVaultName(vault);
            Core.Secrets.CredentialHandoff.ValidateSecretName(secretName);
            return true;
        }

        /// <summary>
        /// The hand-off for a create cmdlet's -Vault/-SecretName/-Force: vault calls go to SecretManagement on this
        /// pipeline thread (through the dispatcher), its warnings to this cmdlet's warning stream.
        /// </summary>
        protected Core.Secrets.CredentialHandoff NewHandoff(string vault, string secretName, bool force) =>
            new Core.Secrets.CredentialHandoff(new global::AtlasPS.SecretManagement.SecretManagementVault(this), vault, secretName, force, PostWarning);

        /// <summary>The ErrorRecord's TargetObject: the secret of a credential that exists but is stored nowhere, else <paramref name="target"/>.</summary>
        protected static object? TargetOf(Exception ex, object? target) =>
            (ex as AtlasWorkflowException)?.TargetObject as Core.Secrets.UnstoredCredential ?? target;

        /// <summary>A failure of one input: the rest of the pipeline goes on.</summary>
        protected void WriteAtlasError(Exception ex, object? target, string noun = "Object") =>
            WriteError(ToErrorRecord(ex, target, noun));

        /// <summary>Nothing can succeed: stop the command.</summary>
        protected void ThrowAtlasError(Exception ex, object? target, string noun = "Object") =>
            ThrowTerminatingError(ToErrorRecord(ex, target, noun));

        internal static ErrorRecord ToErrorRecord(Exception ex, object? target, string noun)
        {
            var info = AtlasErrorInfo.From(ex, noun);
            var category = (ErrorCategory)Enum.Parse(typeof(ErrorCategory), info.Category.ToString());
            var record = new ErrorRecord(ex, info.ErrorId, category, target ?? (ex as AtlasValidationException)?.TargetObject ?? (ex as AtlasNotFoundException)?.TargetObject);
            record.ErrorDetails = new ErrorDetails(info.Message);
            return record;
        }

        public void Dispose()
        {
            cancellation.Dispose();
            GC.SuppressFinalize(this);
        }
    }
}
