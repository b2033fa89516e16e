using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// Hands a one-time secret straight to a vault so that it is never shown and never lost. A create workflow that is
    /// given a hand-off calls it at two steps, top to bottom:
    /// <list type="number">
    /// <item><see cref="PreflightAsync"/> BEFORE anything is created: vault software present, vault registered,
    /// vault usable, name free (unless Force).</item>
    /// <item><see cref="StoreAsync"/> right after creation: the credential without metadata (the SecretManagement
    /// metadata trap, issue #227), then metadata, best effort (a failure is only a warning). A failure to store
    /// throws; the workflow then runs its one rollback path, <see cref="CreationRollback"/>, which deletes the
    /// credential again and, if a later step failed after storing, removes the vault entry too.</item>
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
        public const string ErrorStoreFailed = CreationRollback.ErrorStoreFailed;
        public const string ErrorStoreAndRollbackFailed = CreationRollback.ErrorStoreAndRollbackFailed;

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

        /// <summary>
        /// Checks everything that can be checked before a credential is created (also under -WhatIf: it only reads).
        /// Throws AtlasVaultException whose message says that nothing was created.
        /// </summary>
        public Task PreflightAsync(CancellationToken ct) => CheckAsync(beforeCreate: true, ct);

        /// <summary>
        /// The same checks for a command that has no mode without a vault and whose caller says what state is left
        /// (Update-AtlasCredential): the messages neither offer "run without -Vault" nor claim "nothing was created".
        /// </summary>
        public Task CheckVaultAsync(CancellationToken ct) => CheckAsync(beforeCreate: false, ct);

        private async Task CheckAsync(bool beforeCreate, CancellationToken ct)
        {
            string nothing = beforeCreate ? " Nothing was created." : "";
            if (!vault.IsAvailable)
                throw new AtlasVaultException(ErrorNotInstalled, AtlasErrorCategory.NotInstalled,
                    $"-Vault needs the Microsoft.PowerShell.SecretManagement module, which is not installed.{nothing} " +
                    "Install it and a vault, e.g. 'Install-PSResource Microsoft.PowerShell.SecretManagement, Microsoft.PowerShell.SecretStore' " +
                    "then 'Register-SecretVault -Name SecretStore -ModuleName Microsoft.PowerShell.SecretStore'" +
                    (beforeCreate ? ", or run without -Vault to get the secret as a SecureString." : "."),
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
                        $"There is no registered vault named '{VaultName}'.{nothing} Get-SecretVault lists the registered vaults; " +
                        "register one with Register-SecretVault (e.g. Register-SecretVault -Name SecretStore -ModuleName Microsoft.PowerShell.SecretStore).",
                        VaultName, SecretName);
                case SecretVaultState.Unavailable:
                    var detail = VaultMessages.Clean(status.Detail);
                    throw new AtlasVaultException(ErrorVaultUnavailable, AtlasErrorCategory.ResourceUnavailable,
                        $"The vault '{VaultName}' is registered but cannot be used now{(detail.Length == 0 ? "" : " (" + detail + ")")}.{nothing} " +
                        $"Unlock it (Unlock-SecretStore for a SecretStore vault, or Unlock-SecretVault -Name {VaultName}) or fix its connection, check it with Test-SecretVault -Name {VaultName}, then run the command again.",
                        VaultName, SecretName);
            }

            bool exists;
            try { exists = await vault.SecretExistsAsync(VaultName, SecretName, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw; }
            catch (Exception ex)
            {
                throw new AtlasVaultException(ErrorVaultUnavailable, AtlasErrorCategory.ResourceUnavailable,
                    $"Could not list the secrets of vault '{VaultName}' ({Reason(ex)}).{nothing} Check the vault with Test-SecretVault -Name {VaultName}.",
                    VaultName, SecretName, ex);
            }
            if (exists && !Force)
                throw new AtlasVaultException(ErrorNameExists, AtlasErrorCategory.ResourceExists,
                    $"The vault '{VaultName}' already has a secret named '{SecretName}'.{nothing} Choose another -SecretName, or use -Force to replace that secret.",
                    VaultName, SecretName);
            preflightDone = true;
        }

        // ------------------------------------------------------------------ store

        /// <summary>
        /// Stores a just-created credential, WITHOUT metadata (the metadata trap), then its metadata best effort (a
        /// failure there is a warning: the credential itself is safe). When storing fails this throws the vault's error
        /// and does nothing else: the calling workflow rolls back (<see cref="CreationRollback"/>).
        /// </summary>
        public async Task<HandoffResult> StoreAsync(NewCredential credential, CancellationToken ct)
        {
            EnsureReady(credential);
            // No -Metadata here: when a vault cannot keep metadata, Set-Secret -Metadata removes the secret it just wrote.
            await vault.SetCredentialAsync(VaultName, SecretName, credential.Identity, credential.Secret, Force, ct).ConfigureAwait(false);
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

        /// <summary>
        /// For workflows whose only step after creation is the hand-off (a new secret, a new organization): store, or on
        /// failure run the one rollback path and throw what it says (AtlasSecretStoreFailed or AtlasSecretStoreAndRollbackFailed).
        /// </summary>
        public async Task<HandoffResult> StoreOrRollBackAsync(NewCredential credential, CancellationToken ct)
        {
            EnsureReady(credential);
            try
            {
                return await StoreAsync(credential, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw await CreationRollback.RunAsync(credential, this, "storing it in the vault", ex).ConfigureAwait(false);
            }
        }

        private void EnsureReady(NewCredential credential)
        {
            if (credential is null) throw new ArgumentNullException(nameof(credential));
            if (!preflightDone) throw new InvalidOperationException("Call PreflightAsync before creating the credential.");
            if (stored != null) throw new InvalidOperationException("This hand-off has already stored a credential.");
        }

        /// <summary>
        /// Part of the rollback after a LATER step failed and the credential was deleted again in Atlas: the vault entry
        /// no longer works, so it is removed. A failure here is a warning naming the command to run. Never throws.
        /// </summary>
        internal async Task<bool> RemoveStoredAsync()
        {
            var c = stored;
            if (c is null) return false;
            try
            {
                await vault.RemoveSecretAsync(VaultName, SecretName, CancellationToken.None).ConfigureAwait(false);
                stored = null;
                return true;
            }
            catch (Exception ex)
            {
                Warn($"{c} was deleted again in Atlas, but its vault entry '{Location}' could not be removed ({Reason(ex)}); it no longer works. " +
                     $"Remove it with Remove-Secret -Vault {VaultName} -Name {SecretName}.");
                return false;
            }
        }

        internal UnstoredCredential Unstored(NewCredential c) =>
            new UnstoredCredential(c.CredentialId, c.Identity, c.Secret.Copy(), c.Description, VaultName, SecretName);

        internal void Warn(string message)
        {
            lock (warnings) warnings.Add(message);
            warn(message);
        }

        internal static string Reason(Exception ex)
        {
            var e = ex is AggregateException a && a.InnerExceptions.Count == 1 ? a.InnerExceptions[0] : ex;
            var text = VaultMessages.Clean(e.Message);
            return text.Length == 0 ? e.GetType().Name : text;
        }
    }
}
