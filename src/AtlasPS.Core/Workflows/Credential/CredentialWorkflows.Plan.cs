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
    /// <summary>Update-AtlasCredential, ReadCurrent and CheckVault: the plan (reads only; what -WhatIf shows).</summary>
    public sealed partial class CredentialWorkflows
    {
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
    }
}
