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
    /// <summary>
    /// Rotates a credential that is kept in a vault (Update-AtlasCredential), so that at every moment the old
    /// credential works, or both work, and the vault entry holds a working one:
    /// <code>
    /// ReadCurrent -> CheckVault                                  (reads only: PlanAsync, what -WhatIf shows)
    /// CreateCredential -> [CopyAccessList -> CopyProjectAccess]  (new key / new secret; old untouched)
    /// -> Prove -> Store -> DeleteOld                             (ExecuteAsync)
    /// </code>
    /// The new credential is proven BEFORE it is stored, so the vault never receives a credential that failed to sign
    /// in. A failure before Store deletes the new credential again (old key and vault unchanged); a failure at Store
    /// keeps the vault's old entry and deletes the new credential (CredentialHandoff); a failure at DeleteOld leaves
    /// both working, the new one in the vault. Every failure is an AtlasWorkflowException whose ErrorId names the step
    /// and whose message says which state is left and what to do next.
    /// </summary>
    public sealed class CredentialWorkflows
    {
        public const int DefaultSecretHours = 720;

        public const string ErrorReadFailed = "AtlasRotationReadFailed";
        public const string ErrorVaultNotReady = "AtlasRotationVaultNotReady";
        public const string ErrorVaultHoldsOther = "AtlasRotationVaultHoldsOtherCredential";
        public const string ErrorCreateFailed = "AtlasRotationCreateFailed";
        public const string ErrorAccessListCopyFailed = "AtlasRotationAccessListCopyFailed";
        public const string ErrorProjectAccessCopyFailed = "AtlasRotationProjectAccessCopyFailed";
        public const string ErrorProofFailed = "AtlasRotationProofFailed";
        public const string ErrorNotProvenFromHere = "AtlasRotationNotProvenFromHere";
        /// <summary>The Store step failed and the new credential was deleted again: the same id as every create command's.</summary>
        public const string ErrorStoreFailed = CreationRollback.ErrorStoreFailed;
        /// <summary>The Store step failed and deleting the new credential failed too: its secret is in TargetObject.</summary>
        public const string ErrorStoreAndRollbackFailed = CreationRollback.ErrorStoreAndRollbackFailed;
        public const string ErrorRollbackFailed = "AtlasRotationRollbackFailed";
        public const string ErrorOldNotDeleted = "AtlasRotationOldCredentialNotDeleted";

        private static readonly Regex RotatedSuffix = new Regex(@" \(rotated \d{4}-\d{2}-\d{2}\)$", RegexOptions.CultureInvariant);

        private readonly AtlasClient client;
        private readonly ISecretVault vault;
        private readonly RotationOptions options;
        private readonly List<string> warnings = new List<string>();

        public CredentialWorkflows(AtlasClient client, ISecretVault vault, RotationOptions options)
        {
            this.client = client ?? throw new ArgumentNullException(nameof(client));
            this.vault = vault ?? throw new ArgumentNullException(nameof(vault));
            this.options = options ?? throw new ArgumentNullException(nameof(options));
            // Everything the user typed is checked before any request.
            OrganizationId = AtlasInput.OrganizationId(options.OrganizationId);
            bool key = !string.IsNullOrWhiteSpace(options.ApiKeyId), sa = !string.IsNullOrWhiteSpace(options.ClientId);
            if (key == sa)
                throw new AtlasValidationException("AtlasRotationNeedsOneCredential",
                    "Give exactly one credential to rotate: -ApiKeyId <id> for an API key, or -ClientId <mdb_sa_id_...> for a service account.", "ApiKeyId");
            Kind = key ? CredentialKind.ApiKey : CredentialKind.ServiceAccount;
            CredentialId = key ? AtlasInput.ApiKeyId(options.ApiKeyId) : AtlasInput.ClientId(options.ClientId);
            VaultName = CredentialHandoff.ValidateVaultName(options.VaultName);
            SecretName = CredentialHandoff.ValidateSecretName(options.SecretName);
            if (options.ExpiresAfterHours.HasValue)
            {
                if (key)
                    throw new AtlasValidationException("AtlasExpiryNotForApiKeys",
                        "-ExpiresAfterHours applies to service-account secrets only; API keys do not expire. Leave it out.", "ExpiresAfterHours");
                AtlasInput.SecretLifetimeHours(options.ExpiresAfterHours.Value, "ExpiresAfterHours");
            }
            FanOut.ValidateThrottleLimit(options.ThrottleLimit);
        }

        public string OrganizationId { get; }
        public CredentialKind Kind { get; }
        public string CredentialId { get; }
        public string VaultName { get; }
        public string SecretName { get; }
        private string Location => VaultName + "/" + SecretName;
        private string Old => Kind == CredentialKind.ApiKey ? "API key " + CredentialId : "service account " + CredentialId;

        // ------------------------------------------------------------------ plan (reads only)

        private ApiKey? oldKey;
        private ServiceAccount? oldAccount;

        /// <summary>ReadCurrent and CheckVault: what the rotation will do, from what Atlas and the vault say now. Changes nothing.</summary>
        public async Task<CredentialRotationPlan> PlanAsync(CancellationToken ct = default)
        {
            var plan = new CredentialRotationPlan
            {
                Kind = Kind, OrganizationId = OrganizationId, CredentialId = CredentialId, KeepPrevious = options.KeepPrevious,
                VaultName = VaultName, SecretName = SecretName,
            };
            try
            {
                if (Kind == CredentialKind.ApiKey)
                {
                    oldKey = await client.ApiKeys.GetAsync(OrganizationId, CredentialId, ct).ConfigureAwait(false);
                    var entries = new List<string>();
                    await foreach (var e in client.ApiKeys.ListAccessListAsync(OrganizationId, CredentialId, null, ct).ConfigureAwait(false))
                        entries.Add(e.Entry);
                    plan.Identity = oldKey.PublicKey;
                    plan.Description = oldKey.Description;
                    plan.NewDescription = RotatedDescription(oldKey.Description, options.Clock());
                    plan.Roles = oldKey.Roles;
                    plan.ProjectRoles = oldKey.ProjectRoles;
                    plan.AccessList = entries.ToArray();
                    plan.PreviousIds = new[] { oldKey.Id };
                }
                else
                {
                    oldAccount = await client.ServiceAccounts.GetAsync(OrganizationId, CredentialId, ct).ConfigureAwait(false);
                    var now = options.Clock();
                    plan.Identity = oldAccount.ClientId;
                    plan.Description = oldAccount.Name;
                    plan.Roles = oldAccount.Roles;
                    plan.PreviousIds = oldAccount.Secrets.Where(s => s.ExpiresAt > now).Select(s => s.Id).ToArray();
                    plan.ExpiresAfterHours = options.ExpiresAfterHours ?? await DefaultHoursAsync(ct).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                var info = AtlasErrorInfo.From(ex, Kind == CredentialKind.ApiKey ? "ApiKey" : "ServiceAccount");
                throw new AtlasWorkflowException(ErrorReadFailed,
                    $"Could not read {Old} in organization {OrganizationId} ({info.ErrorId}: {Reason(ex)}). Nothing was changed. " +
                    (Kind == CredentialKind.ApiKey ? "Check the id with Get-AtlasApiKey" : "Check the id with Get-AtlasServiceAccount") + " and that this connection may manage it (ORG_OWNER).", ex);
            }
            plan.RotatesOwnCredential = string.Equals(client.Credential?.Identity, plan.Identity, StringComparison.Ordinal);

            // CheckVault: the hand-off's own preflight (installed, registered, usable), then who the entry belongs to.
            var handoff = NewHandoff();
            try
            {
                await handoff.CheckVaultAsync(ct).ConfigureAwait(false);
                var entry = await vault.GetCredentialAsync(VaultName, SecretName, ct).ConfigureAwait(false);
                plan.VaultEntryExists = entry != null;
                if (entry?.UserName is { } user && !string.Equals(user.Trim(), plan.Identity, StringComparison.Ordinal))
                    throw new AtlasWorkflowException(ErrorVaultHoldsOther,
                        $"The vault entry '{Location}' holds the credential '{user.Trim()}', not {Old} ({plan.Identity}). Nothing was changed. " +
                        $"Give the -SecretName that holds {plan.Identity}, or the -ApiKeyId/-ClientId of the credential stored in '{Location}'.");
            }
            catch (AtlasWorkflowException) { throw; }
            catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
            {
                throw new AtlasWorkflowException(ErrorVaultNotReady,
                    $"The vault is not ready for the rotation: {Reason(ex)}. Nothing was changed: {Old} still works.", ex);
            }

            plan.Steps = BuildSteps(plan);
            return plan;
        }

        private async Task<int> DefaultHoursAsync(CancellationToken ct)
        {
            try
            {
                var max = await client.Organizations.GetMaxSecretValidityHoursAsync(OrganizationId, ct).ConfigureAwait(false);
                return max.HasValue && max.Value > 0 && max.Value < DefaultSecretHours ? max.Value : DefaultSecretHours;
            }
            catch (AtlasApiException) { return DefaultSecretHours; }
        }

        /// <summary>"&lt;old description&gt; (rotated yyyy-MM-dd)", at most 250 characters; an earlier rotation mark is replaced.</summary>
        public static string RotatedDescription(string oldDescription, DateTimeOffset when)
        {
            var suffix = " (rotated " + when.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ")";
            var core = RotatedSuffix.Replace(oldDescription ?? "", "").TrimEnd();
            if (core.Length == 0) core = "API key";
            int room = AtlasInput.MaxDescriptionLength - suffix.Length;
            if (core.Length > room) core = core.Substring(0, room).TrimEnd();
            return core + suffix;
        }

        private RotationPlanStep[] BuildSteps(CredentialRotationPlan p)
        {
            var org = "Atlas organization " + OrganizationId;
            var target = $"vault '{VaultName}', secret '{SecretName}'";
            var steps = new List<RotationPlanStep>();
            if (Kind == CredentialKind.ApiKey)
            {
                steps.Add(new RotationPlanStep(RotationStep.CreateCredential, $"Create API key '{p.NewDescription}' with {Join(p.Roles)}", org));
                if (p.AccessList.Length > 0)
                    steps.Add(new RotationPlanStep(RotationStep.CopyAccessList, $"Copy {p.AccessList.Length} access-list entr{(p.AccessList.Length == 1 ? "y" : "ies")} ({Join(p.AccessList)}) to the new key", org));
                if (p.ProjectRoles.Length > 0)
                    steps.Add(new RotationPlanStep(RotationStep.CopyProjectAccess, $"Assign the new key to {p.ProjectRoles.Length} project(s) with the old key's roles ({string.Join("; ", p.ProjectRoles.Select(r => r.ToString()))})", org));
                steps.Add(new RotationPlanStep(RotationStep.Prove, "Sign in with the new key (HTTP Digest) and read the organization", org));
                steps.Add(new RotationPlanStep(RotationStep.Store, $"Replace the stored credential with the new key{(p.VaultEntryExists ? "" : " (new entry)")}", target));
                if (!p.KeepPrevious)
                    steps.Add(new RotationPlanStep(RotationStep.DeleteOld, $"Delete the old API key {CredentialId} (public key {p.Identity})", org));
            }
            else
            {
                steps.Add(new RotationPlanStep(RotationStep.CreateCredential, $"Create a client secret for service account {CredentialId} valid for {p.ExpiresAfterHours} hours", org));
                steps.Add(new RotationPlanStep(RotationStep.Prove, "Request a token with the new secret and read the organization", org));
                steps.Add(new RotationPlanStep(RotationStep.Store, $"Replace the stored credential with the new secret{(p.VaultEntryExists ? "" : " (new entry)")}", target));
                if (!p.KeepPrevious && p.PreviousIds.Length > 0)
                    steps.Add(new RotationPlanStep(RotationStep.DeleteOld, $"Delete the secret(s) valid before the rotation: {Join(p.PreviousIds)}", org));
            }
            return steps.ToArray();
        }

        // ------------------------------------------------------------------ execute

        /// <summary>PlanAsync, then ExecuteAsync.</summary>
        public async Task<CredentialRotationResult> RunAsync(CancellationToken ct = default) =>
            await ExecuteAsync(await PlanAsync(ct).ConfigureAwait(false), ct).ConfigureAwait(false);

        /// <summary>Runs the changing steps of a plan made by this instance's PlanAsync.</summary>
        public Task<CredentialRotationResult> ExecuteAsync(CredentialRotationPlan plan, CancellationToken ct = default)
        {
            if (plan is null) throw new ArgumentNullException(nameof(plan));
            if (plan.CredentialId != CredentialId || (oldKey is null && oldAccount is null))
                throw new InvalidOperationException("Execute the plan made by this rotation's PlanAsync.");
            return Kind == CredentialKind.ApiKey ? RotateKeyAsync(plan, ct) : RotateSecretAsync(plan, ct);
        }

        private async Task Step(RotationStep step, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            AtlasProgressScope.Report(StepText(step), (int)step * 100 / (int)(RotationStep.DeleteOld + 1));
            if (options.BeforeStep != null) await options.BeforeStep(step, ct).ConfigureAwait(false);
        }

        /// <summary>What a step does, for progress records.</summary>
        private string StepText(RotationStep step) => step switch
        {
            RotationStep.CreateCredential => Kind == CredentialKind.ApiKey ? "Creating the replacement API key" : "Creating a new client secret",
            RotationStep.CopyAccessList => "Copying the access list to the new key",
            RotationStep.CopyProjectAccess => "Copying the project access to the new key",
            RotationStep.Prove => "Signing in with the new credential",
            RotationStep.Store => $"Storing the new credential in vault '{VaultName}'",
            RotationStep.DeleteOld => "Deleting the old credential",
            _ => step.ToString(),
        };

        private async Task<CredentialRotationResult> RotateKeyAsync(CredentialRotationPlan plan, CancellationToken ct)
        {
            var old = oldKey!;
            string oldState = $"The old API key {old.Id} (public key {old.PublicKey}) was not changed and still works, and '{Location}' still holds it";

            // CreateCredential
            ApiKey created;
            try
            {
                await Step(RotationStep.CreateCredential, ct).ConfigureAwait(false);
                // A lost answer is checked, not guessed (OutcomeCheck): a key Atlas created whose private key never
                // arrived is deleted and the create sent once more, so no unusable successor is left behind.
                created = await OutcomeCheck.CreateCheckedAsync(new OutcomeCheck.Target
                {
                    What = $"the replacement for API key {old.Id}",
                    ErrorPrefix = "AtlasRotationKey",
                    ListMatchingIds = async c => await FindKeysDescribedAsync(plan.NewDescription!, old.Id, c).ConfigureAwait(false),
                    Delete = (id, c) => client.ApiKeys.DeleteAsync(OrganizationId, id, c),
                    FindCommand = $"Get-AtlasApiKey -OrganizationId {OrganizationId} -Description '{plan.NewDescription}'",
                }, c => client.ApiKeys.CreateAsync(OrganizationId, plan.NewDescription!, old.Roles, c), ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var orphans = await FindOrphanKeysAsync(plan.NewDescription!, old.Id).ConfigureAwait(false);
                throw new AtlasWorkflowException(ErrorCreateFailed,
                    $"Creating the replacement for API key {old.Id} failed ({Reason(ex)}). {oldState}." +
                    (orphans.Count > 0
                        ? $" Atlas may have created the new key before the connection failed: key(s) {Join(orphans)} described '{plan.NewDescription}' exist and their private key was never received; remove them with Remove-AtlasApiKey -ApiKeyId <id> unless they are in use."
                        : "") + " Run the command again when the cause is fixed.", ex);
            }

            var rollbackState = $"The new key {created.Id} (public key {created.PublicKey}) was deleted again. {oldState}. Fix the cause and run the command again.";
            // CopyAccessList, CopyProjectAccess, Prove: a failure deletes the new key again.
            RotationStep step = RotationStep.CopyAccessList;
            bool proven = false;
            Exception? blockedHere = null;
            using var budget = CommandBudget.For(client);
            try
            {
                // CopyAccessList in chunks, then CopyProjectAccess by fan-out (AccessProvisioning, shared with the create commands).
                var specs = AtlasInput.AccessListEntries(plan.AccessList, "AccessList");
                await AccessProvisioning.RunAsync(client, new ApiKeyPrincipal(created.Id), OrganizationId, specs, plan.ProjectRoles, options.ThrottleLimit, budget,
                    async (s, c) =>
                    {
                        step = s == AccessProvisioning.Step.AccessList ? RotationStep.CopyAccessList : RotationStep.CopyProjectAccess;
                        await Step(step, c).ConfigureAwait(false);
                    }, ct).ConfigureAwait(false);
                if (plan.ProjectRoles.Length > 0) created.ProjectRoles = plan.ProjectRoles;
                step = RotationStep.Prove;
                await Step(step, ct).ConfigureAwait(false);
                blockedHere = await ProveAsync(new ApiKeyCredential(created.PublicKey, created.PrivateKey!.Copy()), ct).ConfigureAwait(false);
                proven = blockedHere is null;
            }
            catch (Exception ex)
            {
                string id = step == RotationStep.CopyAccessList ? ErrorAccessListCopyFailed : step == RotationStep.CopyProjectAccess ? ErrorProjectAccessCopyFailed : ErrorProofFailed;
                string what = step == RotationStep.CopyAccessList ? "Copying the access list to the new key"
                    : step == RotationStep.CopyProjectAccess ? "Copying the project access to the new key" : "Signing in with the new key";
                throw await RollbackAsync(id, $"{what} failed ({Reason(ex)}).", ex is AccessProvisioningException p ? p.InnerException! : ex, rollbackState,
                    c => client.ApiKeys.DeleteAsync(OrganizationId, created.Id, c),
                    $"The new key {created.Id} (public key {created.PublicKey}) could not be deleted again",
                    $"Remove-AtlasApiKey -ApiKeyId {created.Id}", AtlasHandoffs.ForApiKey(client, created), budget: budget).ConfigureAwait(false);
            }

            // Store: CredentialHandoff overwrites the entry; on failure it deletes the new key again itself.
            var stored = await StoreAsync(AtlasHandoffs.ForApiKey(client, created), oldState, ct).ConfigureAwait(false);
            AtlasHandoffs.MarkStored(created, stored);

            var result = new CredentialRotationResult
            {
                Kind = CredentialKind.ApiKey, OrganizationId = OrganizationId, CredentialId = created.Id, Identity = created.PublicKey,
                PreviousCredentialId = old.Id, Description = created.Description, StoredIn = stored.Location, Proven = proven,
            };
            string newState = $"The new key {created.Id} (public key {created.PublicKey}) is stored in vault '{VaultName}' as '{SecretName}'";

            if (blockedHere != null)
            {
                result.KeptIds = new[] { old.Id };
                throw new AtlasWorkflowException(ErrorNotProvenFromHere,
                    $"{newState} and Atlas accepted its private key, but refused the test call from this machine: {Reason(blockedHere)}. " +
                    $"Its access list is a copy of the old key's ({Join(plan.AccessList)}), which does not include this address. " +
                    $"The old key {old.Id} was NOT deleted, so both keys work from the listed addresses. Check the new key from an allowed address " +
                    $"(Connect-Atlas -Vault {VaultName} -SecretName {SecretName}), then delete the old one with Remove-AtlasApiKey -ApiKeyId {old.Id}.",
                    blockedHere, result);
            }

            await DeleteOldAsync(result, new[] { old.Id }, $"{newState} and works", (id, c) => client.ApiKeys.DeleteAsync(OrganizationId, id, c),
                id => $"Remove-AtlasApiKey -ApiKeyId {id}", "key", plan, ct).ConfigureAwait(false);
            return result;
        }

        private async Task<CredentialRotationResult> RotateSecretAsync(CredentialRotationPlan plan, CancellationToken ct)
        {
            var sa = oldAccount!;
            string oldState = $"The secret(s) of service account {sa.ClientId} were not changed and still work, and '{Location}' still holds the old one";
            var before = new HashSet<string>(sa.Secrets.Select(s => s.Id), StringComparer.Ordinal);

            ServiceAccountSecret created;
            try
            {
                await Step(RotationStep.CreateCredential, ct).ConfigureAwait(false);
                // As for keys: a secret created by a POST whose answer was lost is deleted and the POST sent once more.
                // The secrets are read again just before the POST (not taken from the plan, which may be minutes old
                // after a -Confirm prompt): only a secret that appeared across the POST itself is ever deleted.
                created = await OutcomeCheck.CreateCheckedAsync(new OutcomeCheck.Target
                {
                    What = $"a new secret for service account {sa.ClientId}",
                    ErrorPrefix = "AtlasRotationSecret",
                    ListMatchingIds = async c => (await client.ServiceAccounts.GetAsync(OrganizationId, sa.ClientId, c).ConfigureAwait(false)).Secrets.Select(x => x.Id).ToList(),
                    Delete = (id, c) => client.ServiceAccounts.DeleteSecretAsync(OrganizationId, sa.ClientId, id, c),
                    FindCommand = $"Get-AtlasServiceAccountSecret -OrganizationId {OrganizationId} -ClientId {sa.ClientId}",
                }, c => client.ServiceAccounts.CreateSecretAsync(OrganizationId, sa.ClientId, plan.ExpiresAfterHours ?? DefaultSecretHours, c), ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                var orphans = await FindOrphanSecretsAsync(sa.ClientId, before).ConfigureAwait(false);
                throw new AtlasWorkflowException(ErrorCreateFailed,
                    $"Creating a new secret for service account {sa.ClientId} failed ({Reason(ex)}). {oldState}." +
                    (orphans.Count > 0
                        ? $" Atlas may have created the secret before the connection failed: secret(s) {Join(orphans)} exist and their value was never received; remove them with Remove-AtlasServiceAccountSecret -ClientId {sa.ClientId} -SecretId <id>."
                        : "") + " Run the command again when the cause is fixed.", ex);
            }

            Exception? blockedHere = null;
            try
            {
                await Step(RotationStep.Prove, ct).ConfigureAwait(false);
                blockedHere = await ProveAsync(new ServiceAccountCredential(sa.ClientId, created.Secret!.Copy()), ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw await RollbackAsync(ErrorProofFailed, $"Requesting a token with the new secret {created.Id} failed ({Reason(ex)}).", ex,
                    $"The new secret {created.Id} was deleted again. {oldState}. Fix the cause and run the command again.",
                    c => client.ServiceAccounts.DeleteSecretAsync(OrganizationId, sa.ClientId, created.Id, c),
                    $"The new secret {created.Id} could not be deleted again",
                    $"Remove-AtlasServiceAccountSecret -ClientId {sa.ClientId} -SecretId {created.Id}", AtlasHandoffs.ForServiceAccountSecret(client, created, sa)).ConfigureAwait(false);
            }

            var stored = await StoreAsync(AtlasHandoffs.ForServiceAccountSecret(client, created, sa), oldState, ct).ConfigureAwait(false);
            AtlasHandoffs.MarkStored(created, stored);

            var result = new CredentialRotationResult
            {
                Kind = CredentialKind.ServiceAccount, OrganizationId = OrganizationId, CredentialId = sa.ClientId, Identity = sa.ClientId,
                PreviousCredentialId = sa.ClientId, SecretId = created.Id, ExpiresAt = created.ExpiresAt, Description = sa.Name,
                StoredIn = stored.Location, Proven = blockedHere is null,
            };
            string newState = $"The new secret {created.Id} of service account {sa.ClientId} (expires {created.ExpiresAt:u}) is stored in vault '{VaultName}' as '{SecretName}'";
            if (blockedHere != null)
            {
                result.KeptIds = plan.PreviousIds;
                throw new AtlasWorkflowException(ErrorNotProvenFromHere,
                    $"{newState} and Atlas issued a token for it, but refused the test call from this machine: {Reason(blockedHere)}. " +
                    $"The service account's access list does not include this address. The old secret(s) {Join(plan.PreviousIds)} were NOT deleted, so old and new work " +
                    $"from the listed addresses. Check the new secret from an allowed address, then remove the old ones with Remove-AtlasServiceAccountSecret -ClientId {sa.ClientId} -SecretId <id>.",
                    blockedHere, result);
            }

            await DeleteOldAsync(result, plan.PreviousIds, $"{newState} and works",
                (id, c) => client.ServiceAccounts.DeleteSecretAsync(OrganizationId, sa.ClientId, id, c),
                id => $"Remove-AtlasServiceAccountSecret -ClientId {sa.ClientId} -SecretId {id}", "secret", plan, ct).ConfigureAwait(false);
            return result;
        }

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

        private async Task<IReadOnlyList<string>> FindOrphanKeysAsync(string description, string oldId)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                return await FindKeysDescribedAsync(description, oldId, cts.Token).ConfigureAwait(false);
            }
            catch (Exception) { return Array.Empty<string>(); }
        }

        private async Task<IReadOnlyList<string>> FindKeysDescribedAsync(string description, string oldId, CancellationToken ct)
        {
            var found = new List<string>();
            await foreach (var k in client.ApiKeys.ListAsync(OrganizationId, null, ct).ConfigureAwait(false))
                if (k.Id != oldId && k.Description == description) found.Add(k.Id);
            return found;
        }

        private async Task<IReadOnlyList<string>> FindOrphanSecretsAsync(string clientId, HashSet<string> before)
        {
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var sa = await client.ServiceAccounts.GetAsync(OrganizationId, clientId, cts.Token).ConfigureAwait(false);
                return sa.Secrets.Where(s => !before.Contains(s.Id)).Select(s => s.Id).ToList();
            }
            catch (Exception) { return Array.Empty<string>(); }
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
