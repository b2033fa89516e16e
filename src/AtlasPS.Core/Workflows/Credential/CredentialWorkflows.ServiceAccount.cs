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
    /// <summary>Update-AtlasCredential for a service account: CreateCredential (a new secret), Prove, Store, DeleteOld.</summary>
    public sealed partial class CredentialWorkflows
    {
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
    }
}
