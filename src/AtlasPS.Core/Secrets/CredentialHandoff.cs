using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// Hands a one-time secret straight to a vault so that it is never shown and never lost:
    /// <list type="number">
    /// <item><see cref="PreflightAsync"/> BEFORE anything is created: vault software present, vault registered,
    /// vault usable, name free (unless Force).</item>
    /// <item><see cref="StoreAsync"/> right after creation: the credential without metadata (the SecretManagement
    /// metadata trap, issue #227); if that fails the credential is deleted again in Atlas; if that fails too, the
    /// error carries the secret as a SecureString. Then metadata, best effort: a failure is only a warning.</item>
    /// </list>
    /// One instance per command invocation (it remembers what it stored, so a later failure can undo it).
    /// Warnings go to the sink as they happen (from any thread: the sink must be thread-safe or only queue them).
    /// </summary>
    public sealed class CredentialHandoff
    {
        public const string ErrorNotInstalled = "AtlasSecretManagementNotInstalled";
        public const string ErrorVaultNotFound = "AtlasVaultNotFound";
        public const string ErrorVaultUnavailable = "AtlasVaultUnavailable";
        public const string ErrorNameExists = "AtlasSecretNameExists";
        public const string ErrorInvalidName = "AtlasInvalidSecretName";
        public const string ErrorStoreFailed = "AtlasSecretStoreFailed";
        public const string ErrorStoreAndRollbackFailed = "AtlasSecretStoreAndRollbackFailed";
        /// <summary>Hook mode: storing failed; the workflow around the hook deletes the credential.</summary>
        public const string ErrorNotStored = "AtlasSecretNotStored";

        private readonly ISecretVault vault;
        private readonly Action<string> warn;
        private readonly List<string> warnings = new List<string>();
        private NewCredential? stored;
        private bool preflightDone;

        public CredentialHandoff(ISecretVault vault, string vaultName, string secretName, bool force, Action<string>? warningSink = null)
        {
            this.vault = vault ?? throw new ArgumentNullException(nameof(vault));
            VaultName = ValidateVaultName(vaultName);
            SecretName = ValidateSecretName(secretName);
            Force = force;
            warn = warningSink ?? (_ => { });
        }

        public string VaultName { get; }
        public string SecretName { get; }
        public bool Force { get; }
        public string Location => VaultName + "/" + SecretName;
        /// <summary>Every warning given so far (also sent to the sink).</summary>
        public IReadOnlyList<string> Warnings { get { lock (warnings) return warnings.ToArray(); } }
        /// <summary>True once the credential is in the vault.</summary>
        public bool HasStored => stored != null;

        // ------------------------------------------------------------------ validation

        /// <summary>
        /// For create cmdlets whose -Vault/-SecretName/-Force are optional parameters of every set: false when none is
        /// given (no hand-off), true when -Vault and -SecretName both are; AtlasValidationException when only part is given.
        /// </summary>
        public static bool IsRequested(string? vaultName, string? secretName, bool force)
        {
            bool v = !string.IsNullOrWhiteSpace(vaultName), n = !string.IsNullOrWhiteSpace(secretName);
            if (v && n) return true;
            if (v) throw new AtlasValidationException("AtlasVaultNeedsSecretName",
                $"-Vault {vaultName} needs -SecretName too: the name to store the new credential under, e.g. -SecretName atlas-ci.", "SecretName");
            if (n) throw new AtlasValidationException("AtlasSecretNameNeedsVault",
                $"-SecretName {secretName} needs -Vault too: the registered vault to store it in (Get-SecretVault lists them).", "Vault");
            if (force) throw new AtlasValidationException("AtlasForceNeedsVault",
                "-Force replaces an existing vault secret and only works with -Vault and -SecretName.", "Force");
            return false;
        }

        public static string ValidateVaultName(string? vaultName)
        {
            var v = vaultName?.Trim();
            if (string.IsNullOrEmpty(v) || ContainsWildcardOrControl(v!))
                throw new AtlasValidationException(ErrorInvalidName,
                    $"-Vault {Validation.AtlasInput.Quote(vaultName)} is not a vault name. Give the exact name of a registered vault (Get-SecretVault lists them), without wildcards.", "Vault", vaultName);
            return v!;
        }

        public static string ValidateSecretName(string? secretName)
        {
            var v = secretName?.Trim();
            if (string.IsNullOrEmpty(v) || ContainsWildcardOrControl(v!) || v!.Length > 127)
                throw new AtlasValidationException(ErrorInvalidName,
                    $"-SecretName {Validation.AtlasInput.Quote(secretName)} cannot be used as a secret name. Give 1 to 127 characters without wildcards (* ? [ ]) or control characters, e.g. -SecretName atlas-ci-key.", "SecretName", secretName);
            return v;
        }

        private static bool ContainsWildcardOrControl(string s)
        {
            foreach (var c in s)
                if (c == '*' || c == '?' || c == '[' || c == ']' || char.IsControl(c)) return true;
            return false;
        }

        // ------------------------------------------------------------------ preflight

        /// <summary>Checks everything that can be checked before a credential is created. Throws AtlasVaultException.</summary>
        public async Task PreflightAsync(CancellationToken ct)
        {
            if (!vault.IsAvailable)
                throw new AtlasVaultException(ErrorNotInstalled, AtlasErrorCategory.NotInstalled,
                    $"-Vault needs the Microsoft.PowerShell.SecretManagement module, which is not installed. Nothing was created. " +
                    "Install it and a vault, e.g. 'Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore' " +
                    "then 'Register-SecretVault -Name SecretStore -ModuleName Microsoft.PowerShell.SecretStore', or run without -Vault to get the secret as a SecureString.",
                    VaultName, SecretName);

            SecretVaultStatus status;
            try { status = await vault.TestVaultAsync(VaultName, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw; }
            catch (Exception ex)
            {
                status = new SecretVaultStatus(VaultName, SecretVaultState.Unavailable, ex.Message);
            }

            switch (status.State)
            {
                case SecretVaultState.NotRegistered:
                    throw new AtlasVaultException(ErrorVaultNotFound, AtlasErrorCategory.ObjectNotFound,
                        $"There is no registered vault named '{VaultName}'. Nothing was created. Get-SecretVault lists the registered vaults; " +
                        "register one with Register-SecretVault (e.g. Register-SecretVault -Name SecretStore -ModuleName Microsoft.PowerShell.SecretStore).",
                        VaultName, SecretName);
                case SecretVaultState.Unavailable:
                    throw new AtlasVaultException(ErrorVaultUnavailable, AtlasErrorCategory.ResourceUnavailable,
                        $"The vault '{VaultName}' is registered but cannot be used now{(string.IsNullOrWhiteSpace(status.Detail) ? "" : " (" + status.Detail!.Trim().TrimEnd('.') + ")")}. Nothing was created. " +
                        $"Unlock it (Unlock-SecretStore for a SecretStore vault, or Unlock-SecretVault -Name {VaultName}) or fix its connection, check it with Test-SecretVault -Name {VaultName}, then run the command again.",
                        VaultName, SecretName);
            }

            bool exists;
            try { exists = await vault.SecretExistsAsync(VaultName, SecretName, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw; }
            catch (Exception ex)
            {
                throw new AtlasVaultException(ErrorVaultUnavailable, AtlasErrorCategory.ResourceUnavailable,
                    $"Could not list the secrets of vault '{VaultName}' ({ex.Message.Trim().TrimEnd('.')}). Nothing was created. Check the vault with Test-SecretVault -Name {VaultName}.",
                    VaultName, SecretName, ex);
            }
            if (exists && !Force)
                throw new AtlasVaultException(ErrorNameExists, AtlasErrorCategory.ResourceExists,
                    $"The vault '{VaultName}' already has a secret named '{SecretName}'. Nothing was created. Choose another -SecretName, or use -Force to replace that secret.",
                    VaultName, SecretName);
            preflightDone = true;
        }

        // ------------------------------------------------------------------ store

        /// <summary>
        /// Stores a just-created credential. On failure deletes it again in Atlas (AtlasSecretStoreFailed), or, when
        /// that fails too, throws AtlasSecretStoreAndRollbackFailed with the secret in TargetObject (UnstoredCredential).
        /// Metadata failures are warnings. Cleanup runs with CancellationToken.None: a stop must not orphan a key.
        /// </summary>
        public Task<HandoffResult> StoreAsync(NewCredential credential, CancellationToken ct) => StoreCoreAsync(credential, ownRollback: true, ct);

        private async Task<HandoffResult> StoreCoreAsync(NewCredential credential, bool ownRollback, CancellationToken ct)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            if (!preflightDone) throw new InvalidOperationException("Call PreflightAsync before creating the credential.");
            if (stored != null) throw new InvalidOperationException("This hand-off has already stored a credential.");

            try
            {
                // No -Metadata here: when a vault cannot keep metadata, Set-Secret -Metadata removes the secret it just wrote.
                await vault.SetCredentialAsync(VaultName, SecretName, credential.Identity, credential.Secret, Force, ct).ConfigureAwait(false);
            }
            catch (Exception storeError)
            {
                if (!ownRollback)
                    throw new AtlasWorkflowException(ErrorNotStored,
                        $"Storing {credential} in '{Location}' failed ({Reason(storeError)}).", storeError, Unstored(credential));
                await FailAfterCreateAsync(credential, storeError).ConfigureAwait(false);
                throw; // not reached: FailAfterCreateAsync always throws
            }
            stored = credential;

            bool metadataStored = false;
            if (credential.Metadata.Count > 0)
            {
                try
                {
                    await vault.SetMetadataAsync(VaultName, SecretName, credential.Metadata, CancellationToken.None).ConfigureAwait(false);
                    metadataStored = true;
                }
                catch (Exception ex)
                {
                    Warn($"{credential} is stored in '{Location}', but its metadata (organization id, ids, roles, expiry, base URL) could not be written: " +
                         $"{Reason(ex)}. The credential itself is safe. Connect-Atlas -Vault {VaultName} -SecretName {SecretName} still works; " +
                         "give -OrganizationId (and -BaseUri) there, since it cannot read them from the vault.");
                }
            }
            return new HandoffResult(VaultName, SecretName, metadataStored, Warnings);
        }

        private async Task FailAfterCreateAsync(NewCredential credential, Exception storeError)
        {
            try
            {
                await credential.Rollback(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception rollbackError)
            {
                var remedy = credential.RemoveCommand is null ? "" : $" or delete it with {credential.RemoveCommand}";
                throw new AtlasWorkflowException(ErrorStoreAndRollbackFailed,
                    $"{credential} was created in Atlas, but storing it in '{Location}' failed ({Reason(storeError)}) and deleting it again failed too ({Reason(rollbackError)}). " +
                    $"The credential still exists in Atlas and is stored nowhere else: its secret is in this error's TargetObject (an UnstoredCredential with Identity and Secret). " +
                    $"Store it now, e.g. $c = $Error[0].Exception.TargetObject; Set-Secret -Vault {VaultName} -Name {SecretName} -Secret ([pscredential]::new($c.Identity, $c.Secret)){remedy}.",
                    new AggregateException(storeError, rollbackError), Unstored(credential));
            }
            throw new AtlasWorkflowException(ErrorStoreFailed,
                $"Storing {credential} in '{Location}' failed ({Reason(storeError)}), so it was deleted again in Atlas: nothing was created. " +
                $"Fix the vault (Test-SecretVault -Name {VaultName}) and run the command again.",
                storeError);
        }

        /// <summary>
        /// Undo after a LATER step of the create workflow failed: removes the vault entry only when Atlas confirms the
        /// credential is gone (credential.StillExists false). Otherwise keeps it and says so. Never throws.
        /// </summary>
        public async Task UndoStoreAfterFailureAsync()
        {
            var c = stored;
            if (c is null) return;
            bool gone;
            try { gone = c.StillExists != null && !await c.StillExists(CancellationToken.None).ConfigureAwait(false); }
            catch (Exception ex)
            {
                Warn($"The command failed after {c} was stored in '{Location}', and AtlasPS could not check whether it still exists in Atlas ({Reason(ex)}). " +
                     $"The vault entry was kept. If the credential is gone, remove the entry with Remove-Secret -Vault {VaultName} -Name {SecretName}.");
                return;
            }
            if (!gone)
            {
                Warn($"The command failed after {c} was stored in '{Location}'. The credential still exists in Atlas, so the vault entry was kept.");
                return;
            }
            try
            {
                await vault.RemoveSecretAsync(VaultName, SecretName, CancellationToken.None).ConfigureAwait(false);
                stored = null;
            }
            catch (Exception ex)
            {
                Warn($"{c} was deleted again in Atlas, but its vault entry '{Location}' could not be removed ({Reason(ex)}); it no longer works. " +
                     $"Remove it with Remove-Secret -Vault {VaultName} -Name {SecretName}.");
            }
        }

        // ------------------------------------------------------------------ integration

        /// <summary>
        /// The whole sequence for a command that only creates one credential: preflight, create, store.
        /// onStored updates the created object (StoredIn set, the one-time secret removed from it).
        /// </summary>
        public async Task<T> CreateAndStoreAsync<T>(Func<CancellationToken, Task<T>> create, Func<T, NewCredential> describe,
            Action<T, HandoffResult>? onStored, CancellationToken ct)
        {
            if (create is null) throw new ArgumentNullException(nameof(create));
            if (describe is null) throw new ArgumentNullException(nameof(describe));
            await PreflightAsync(ct).ConfigureAwait(false);
            var created = await create(ct).ConfigureAwait(false);
            var result = await StoreAsync(describe(created), ct).ConfigureAwait(false);
            onStored?.Invoke(created, result);
            return created;
        }

        /// <summary>
        /// The hand-off as a create workflow's afterCreate hook (Func&lt;T, CancellationToken, Task&gt;), run right after
        /// creation, before access list and project assignments. The hook does NOT delete the credential when storing
        /// fails: the workflow's own rollback does (one delete, one message). It throws AtlasSecretNotStored whose
        /// TargetObject is an UnstoredCredential holding a copy of the secret, so that if the workflow's rollback
        /// fails too the secret is still reachable (<see cref="FindUnstored"/>). Call PreflightAsync first, or use RunWorkflowAsync.
        /// </summary>
        public Func<T, CancellationToken, Task> AfterCreate<T>(Func<T, NewCredential> describe, Action<T, HandoffResult>? onStored = null)
        {
            if (describe is null) throw new ArgumentNullException(nameof(describe));
            return async (created, ct) =>
            {
                var result = await StoreCoreAsync(describe(created), ownRollback: false, ct).ConfigureAwait(false);
                onStored?.Invoke(created, result);
            };
        }

        /// <summary>
        /// Runs a create workflow that takes an afterCreate hook and rolls back by itself: preflight, then the workflow
        /// with the hand-off as its hook. If the workflow fails AFTER the credential was stored (access list,
        /// assignments), the vault entry is removed when Atlas confirms the credential is gone, and kept otherwise.
        /// The workflow's exception is rethrown unchanged.
        /// </summary>
        public async Task<TResult> RunWorkflowAsync<T, TResult>(Func<Func<T, CancellationToken, Task>, CancellationToken, Task<TResult>> workflow,
            Func<T, NewCredential> describe, Action<T, HandoffResult>? onStored, CancellationToken ct)
        {
            if (workflow is null) throw new ArgumentNullException(nameof(workflow));
            await PreflightAsync(ct).ConfigureAwait(false);
            try
            {
                return await workflow(AfterCreate(describe, onStored), ct).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await UndoStoreAfterFailureAsync().ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// The credential that exists in Atlas but is stored nowhere, if this exception (or one it wraps) carries one.
        /// Cmdlets use it as the ErrorRecord's TargetObject so that $Error[0].TargetObject holds the secret.
        /// </summary>
        public static UnstoredCredential? FindUnstored(Exception? ex)
        {
            for (int depth = 0; ex != null && depth < 10; depth++)
            {
                if (ex is AtlasWorkflowException w && w.TargetObject is UnstoredCredential u) return u;
                if (ex is AggregateException a)
                {
                    foreach (var i in a.InnerExceptions) { var f = FindUnstored(i); if (f != null) return f; }
                    return null;
                }
                ex = ex.InnerException;
            }
            return null;
        }

        private UnstoredCredential Unstored(NewCredential c) =>
            new UnstoredCredential(c.CredentialId, c.Identity, c.Secret.Copy(), c.Description, VaultName, SecretName);

        private void Warn(string message)
        {
            lock (warnings) warnings.Add(message);
            warn(message);
        }

        private static string Reason(Exception ex)
        {
            var e = ex is AggregateException a && a.InnerExceptions.Count == 1 ? a.InnerExceptions[0] : ex;
            var text = (e.Message ?? e.GetType().Name).Trim().TrimEnd('.');
            return text.Length == 0 ? e.GetType().Name : text;
        }
    }
}
