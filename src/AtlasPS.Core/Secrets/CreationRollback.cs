using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// The one rollback path of the create workflows (New-AtlasApiKey, New-AtlasServiceAccount,
    /// New-AtlasServiceAccountSecret, New-AtlasOrganization): when any step after creation fails, the new credential is
    /// deleted again in Atlas, and a vault entry written for it is removed. The error id says which outcome it was, the
    /// same id for every command:
    /// <list type="table">
    /// <item><term>AtlasSecretStoreFailed</term><description>storing in the vault failed; the credential was deleted again.</description></item>
    /// <item><term>AtlasSecretStoreAndRollbackFailed</term><description>storing failed and deleting failed too: the secret is in TargetObject.</description></item>
    /// <item><term>AtlasCreationRolledBack</term><description>a later step (access list, projects) failed; the credential (and its vault entry) were deleted again.</description></item>
    /// <item><term>AtlasCreationStopped</term><description>the same after Ctrl+C.</description></item>
    /// <item><term>AtlasCreationRollbackFailed</term><description>a later step failed and deleting failed too: the credential is left; TargetObject
    /// holds its secret only when it is stored nowhere.</description></item>
    /// </list>
    /// A secret is handed back (TargetObject, an <see cref="UnstoredCredential"/>) only when the credential still exists in
    /// Atlas and is stored nowhere; after a successful rollback no error carries it.
    /// </summary>
    public static class CreationRollback
    {
        public const string ErrorStoreFailed = "AtlasSecretStoreFailed";
        public const string ErrorStoreAndRollbackFailed = "AtlasSecretStoreAndRollbackFailed";
        public const string ErrorRolledBack = "AtlasCreationRolledBack";
        public const string ErrorStopped = "AtlasCreationStopped";
        public const string ErrorRollbackFailed = "AtlasCreationRollbackFailed";

        /// <summary>
        /// Deletes <paramref name="credential"/> again (not with the caller's token: a Ctrl+C must not leave a half-made
        /// credential behind) and returns the exception to throw.
        /// </summary>
        /// <param name="handoff">The command's hand-off, or null without -Vault. Not stored yet = the store step failed.</param>
        /// <param name="failedAt">Where it failed, for the message: "at the access list step".</param>
        /// <param name="failure">What failed.</param>
        /// <param name="inner">The exception to wrap, when it is not <paramref name="failure"/> itself.</param>
        /// <param name="budget">The command's retry budget: the delete gets what is left of it (none when Atlas went away
        /// and the budget is spent); without one, a minute.</param>
        internal static async Task<AtlasWorkflowException> RunAsync(NewCredential credential, CredentialHandoff? handoff, string failedAt,
            Exception failure, Exception? inner = null, Workflows.CommandBudget? budget = null)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            if (failure is null) throw new ArgumentNullException(nameof(failure));
            bool atStore = handoff != null && !handoff.HasStored;
            bool stopped = failure is OperationCanceledException;
            string reason = stopped ? "it was stopped" : CredentialHandoff.Reason(failure);
            string what = atStore
                ? $"Storing {credential} in '{handoff!.Location}' failed ({reason})"
                : $"Creating {credential} failed {failedAt} ({reason})";

            try
            {
                using var cts = budget?.ForCleanup() ?? new CancellationTokenSource(TimeSpan.FromMinutes(1));
                await credential.Rollback(cts.Token).ConfigureAwait(false);
            }
            catch (Exception rollbackError)
            {
                string remove = credential.RemoveCommand is null ? "" : $" Remove it with {credential.RemoveCommand}";
                if (atStore)
                    return new AtlasWorkflowException(ErrorStoreAndRollbackFailed,
                        $"{what}, and deleting it again failed too ({CredentialHandoff.Reason(rollbackError)}). " +
                        "The credential still exists in Atlas and is stored nowhere: its secret is in this error's TargetObject (an UnstoredCredential with Identity and Secret). " +
                        $"Store it now, e.g. $c = $Error[0].TargetObject; Set-Secret -Vault {handoff!.VaultName} -Name {handoff.SecretName} -Secret ([pscredential]::new($c.Identity, $c.Secret))" +
                        (remove.Length > 0 ? $", or delete it:{remove}." : "."),
                        new AggregateException(failure, rollbackError), handoff.Unstored(credential));

                bool inVault = handoff != null && handoff.HasStored;
                string why = budget?.Explain(rollbackError) ?? CredentialHandoff.Reason(rollbackError);
                return new AtlasWorkflowException(ErrorRollbackFailed,
                    $"{what}. Deleting it again also failed ({why}), so {credential} is left in Atlas" +
                    (inVault
                        ? $"; its secret is stored in '{handoff!.Location}' (the entry was kept)."
                        : " and stored nowhere: its secret is in this error's TargetObject (an UnstoredCredential with Identity and Secret).") +
                    $"{remove}, or finish its set-up by hand.",
                    inner ?? failure,
                    inVault ? null : Unstored(credential, handoff));
            }

            // Deleted: the one-time secret opens nothing any more.
            credential.Secret.Dispose();
            if (atStore)
                return new AtlasWorkflowException(ErrorStoreFailed,
                    $"{what}, so {credential.DeletedOnRollback} was deleted again in Atlas: nothing is left behind. " +
                    $"Fix the vault (Test-SecretVault -Name {handoff!.VaultName}) and run the command again.",
                    failure);

            string entry = "";
            if (handoff != null && handoff.HasStored)
                entry = await handoff.RemoveStoredAsync().ConfigureAwait(false)
                    ? $" and its vault entry '{handoff.Location}' removed"
                    : $"; its vault entry '{handoff.Location}' could not be removed (see the warning)";
            return new AtlasWorkflowException(stopped ? ErrorStopped : ErrorRolledBack,
                $"{what}. {Capitalize(credential.DeletedOnRollback)} was deleted again{entry}, so nothing is left behind; fix the cause and run the command again.",
                inner ?? failure);
        }

        private static UnstoredCredential Unstored(NewCredential c, CredentialHandoff? handoff) =>
            handoff?.Unstored(c) ?? new UnstoredCredential(c.CredentialId, c.Identity, c.Secret.Copy(), c.Description, "", "");

        private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);
    }
}
