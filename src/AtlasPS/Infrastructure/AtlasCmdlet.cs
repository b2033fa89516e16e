using System;
using System.Collections.Concurrent;
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

        /// <summary>
        /// Runs core work on the pipeline thread's behalf; Ctrl+C cancels the request in flight. While it waits, the
        /// client's diagnostics for this work (one line per HTTP attempt, secrets already redacted) are written as
        /// -Verbose text here, on the pipeline thread, and its progress reports as progress records (ProgressPump).
        /// </summary>
        protected T Run<T>(Func<CancellationToken, Task<T>> work)
        {
            var events = new ConcurrentQueue<AtlasDiagnosticEvent>();
            var progress = progressPump ??= new ProgressPump(this, MyInvocation?.MyCommand?.Name ?? "AtlasPS");
            try
            {
                Task<T> task;
                using (AtlasDiagnosticsScope.Begin(events.Enqueue))
                using (progress.Begin())
                    task = work(CancellationToken);
                var wait = ((IAsyncResult)task).AsyncWaitHandle;
                while (!task.IsCompleted)
                {
                    wait.WaitOne(50);
                    WriteDiagnostics(events);
                    progress.Flush();
                }
                WriteDiagnostics(events);
                progress.Complete();
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private void WriteDiagnostics(ConcurrentQueue<AtlasDiagnosticEvent> events)
        {
            while (events.TryDequeue(out var e)) WriteVerbose("Atlas: " + e);
        }

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
        /// Runs a credential hand-off to a SecretManagement vault: the vault calls run on this (the pipeline) thread
        /// through SecretManagementVault.Pump while the core awaits HTTP on pool threads. The hand-off's warnings are
        /// written here. On failure the error record's TargetObject is the UnstoredCredential when a credential exists
        /// in Atlas but is stored nowhere (its secret is not lost), else <paramref name="target"/>.
        /// Returns false (after writing or throwing the error) when it failed.
        /// </summary>
        protected bool TryRunHandoff<T>(string vault, string secretName, bool force,
            Func<Core.Secrets.CredentialHandoff, CancellationToken, Task<T>> work, object? target, string noun, bool terminating, out T result)
        {
            result = default!;
            var warnings = new System.Collections.Concurrent.ConcurrentQueue<string>();
            void Flush() { while (warnings.TryDequeue(out var w)) WriteWarning(w); }
            try
            {
                var sm = new global::AtlasPS.SecretManagement.SecretManagementVault(this);
                var handoff = new Core.Secrets.CredentialHandoff(sm, vault, secretName, force, warnings.Enqueue);
                result = Run(ct => Task.FromResult(sm.Pump(work(handoff, ct))));
                Flush();
                return true;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                Flush();
                var record = ToErrorRecord(ex, (object?)Core.Secrets.CredentialHandoff.FindUnstored(ex) ?? target, noun);
                if (terminating) ThrowTerminatingError(record);
                WriteError(record);
                return false;
            }
            finally { Flush(); }
        }

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
