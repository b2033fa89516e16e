using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Update-AtlasCredential, the steps shared by both kinds: Prove, Store, DeleteOld, rollback, warnings.</summary>
    public sealed partial class CredentialWorkflows
    {
        // ------------------------------------------------------------------ steps shared by both kinds

        /// <summary>
        /// Prove: a fresh client signed in with the new credential reads the organization. Null when it worked; the
        /// exception when Atlas authenticated the credential but refused this address (IP_ADDRESS_NOT_ON_ACCESS_LIST).
        /// Any other failure is thrown.
        /// </summary>
        private async Task<Exception?> ProveAsync(AtlasCredential credential, CancellationToken ct)
        {
            using var fresh = new AtlasClient(client.Options.WithCredential(credential));
            try
            {
                await fresh.Organizations.GetAsync(OrganizationId, ct).ConfigureAwait(false);
                return null;
            }
            catch (AtlasApiException e) when (e.StatusCode == 403 && e.ErrorCode == "IP_ADDRESS_NOT_ON_ACCESS_LIST")
            {
                return e;
            }
        }

        private async Task<HandoffResult> StoreAsync(NewCredential credential, string oldState, CancellationToken ct)
        {
            var handoff = NewHandoff();
            try
            {
                await Step(RotationStep.Store, ct).ConfigureAwait(false);
                // Check again right before writing: the vault may have been locked since the plan was made.
                await handoff.CheckVaultAsync(ct).ConfigureAwait(false);
                return await handoff.StoreAsync(credential, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // Nothing was written: the new credential is deleted again; the old one and the vault entry are unchanged.
                throw await RollbackAsync(ErrorStoreFailed, $"Storing {credential} in '{Location}' failed ({Reason(ex)}).", ex,
                    $"{credential} was deleted again in Atlas. {oldState}. Fix the vault (Test-SecretVault -Name {VaultName}) and run the command again.",
                    credential.Rollback, $"{credential} could not be deleted again", credential.RemoveCommand ?? "", credential,
                    ErrorStoreAndRollbackFailed).ConfigureAwait(false);
            }
        }

        private async Task DeleteOldAsync(CredentialRotationResult result, IReadOnlyList<string> ids, string newState,
            Func<string, CancellationToken, Task> delete, Func<string, string> removeCommand, string noun, CredentialRotationPlan plan, CancellationToken ct)
        {
            if (plan.KeepPrevious || ids.Count == 0)
            {
                result.KeptIds = ids.ToArray();
                if (ids.Count > 0)
                    Warn($"-KeepPrevious: the old {noun}(s) {Join(ids)} still work. Remove them when your automation uses the new credential: {string.Join("; ", ids.Select(removeCommand))}.");
                result.Warnings = Warnings;
                if (plan.RotatesOwnCredential) WarnOwn(result);
                return;
            }
            var deleted = new List<string>();
            var failures = new List<(string Id, Exception Error)>();
            try { await Step(RotationStep.DeleteOld, ct).ConfigureAwait(false); }
            catch (Exception ex)
            {
                result.KeptIds = ids.ToArray();
                throw NotDeleted(result, newState, ids, new[] { (ids[0], ex) }, removeCommand, noun, ex);
            }
            foreach (var id in ids)
            {
                try
                {
                    // Not the caller's token: a Ctrl+C right here must not leave half the old secrets behind unreported.
                    using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                    await delete(id, cts.Token).ConfigureAwait(false);
                    deleted.Add(id);
                }
                catch (AtlasApiException e) when (e.StatusCode == 404) { deleted.Add(id); }   // already gone (e.g. an answer lost after the delete)
                catch (Exception ex) { failures.Add((id, ex)); }
            }
            result.DeletedIds = deleted.ToArray();
            result.KeptIds = failures.Select(f => f.Id).ToArray();
            if (failures.Count > 0)
                throw NotDeleted(result, newState, result.KeptIds, failures, removeCommand, noun, failures[0].Error);
            if (plan.RotatesOwnCredential) WarnOwn(result);
            result.Warnings = Warnings;
        }

        private AtlasWorkflowException NotDeleted(CredentialRotationResult result, string newState, IReadOnlyList<string> kept,
            IReadOnlyList<(string Id, Exception Error)> failures, Func<string, string> removeCommand, string noun, Exception inner)
        {
            result.Warnings = Warnings;
            return new AtlasWorkflowException(ErrorOldNotDeleted,
                $"{newState}. The old {noun}(s) {Join(kept)} were NOT deleted ({Reason(failures[0].Error)})" +
                (result.DeletedIds.Length > 0 ? $"; {Join(result.DeletedIds)} were deleted" : "") +
                $", so they still work too. Delete them when your automation uses the new credential: {string.Join("; ", kept.Select(removeCommand))}.",
                inner, result);
        }

        private void WarnOwn(CredentialRotationResult result)
        {
            Warn($"This connection signed in with the credential that was rotated. Reconnect with Connect-Atlas -Vault {VaultName} -SecretName {SecretName}" +
                 (Kind == CredentialKind.ApiKey ? " before the next command: the old key is gone." : " when its token expires."));
            result.Warnings = Warnings;
        }

        /// <summary>Deletes the new credential after a failed step; the exception to throw says what is left.</summary>
        private async Task<AtlasWorkflowException> RollbackAsync(string errorId, string what, Exception failure, string rolledBackState,
            Func<CancellationToken, Task> rollback, string leftBehind, string removeCommand, NewCredential credential, string failedId = ErrorRollbackFailed, CommandBudget? budget = null)
        {
            try
            {
                // Not the caller's token; within the command's budget when Atlas became unreachable on the way.
                using var cts = budget?.ForCleanup() ?? new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await rollback(cts.Token).ConfigureAwait(false);
                return new AtlasWorkflowException(errorId, what + " " + rolledBackState, failure);
            }
            catch (Exception rollbackError)
            {
                return new AtlasWorkflowException(failedId,
                    $"{what} {leftBehind} ({budget?.Explain(rollbackError) ?? Reason(rollbackError)}); it is stored nowhere, and its secret is in this error's TargetObject (Identity and Secret). " +
                    $"The old credential was not changed and still works, and '{Location}' still holds it. Remove the new one with {removeCommand}.",
                    new AggregateException(failure, rollbackError),
                    new UnstoredCredential(credential.CredentialId, credential.Identity, credential.Secret.Copy(), credential.Description, VaultName, SecretName));
            }
        }

        private CredentialHandoff NewHandoff() => new CredentialHandoff(vault, VaultName, SecretName, force: true, Warn);

        private string[] Warnings { get { lock (warnings) return warnings.ToArray(); } }

        private void Warn(string message)
        {
            lock (warnings) warnings.Add(message);
            options.Warning?.Invoke(message);
        }

        private static string Join(IEnumerable<string> items) => string.Join(", ", items);

        private static string Reason(Exception ex)
        {
            var e = ex is AggregateException a && a.InnerExceptions.Count == 1 ? a.InnerExceptions[0] : ex;
            var text = VaultMessages.Clean(e.Message);
            return text.Length == 0 ? e.GetType().Name : text;
        }
    }
}
