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
    /// <summary>Update-AtlasCredential for an API key: CreateCredential (a new key), CopyAccessList, CopyProjectAccess, Prove, Store, DeleteOld.</summary>
    public sealed partial class CredentialWorkflows
    {
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
    }
}
