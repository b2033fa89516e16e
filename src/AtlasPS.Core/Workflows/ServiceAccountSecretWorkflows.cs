using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Client secrets of service accounts: list (with an expiry filter), add, remove.</summary>
    public static class ServiceAccountSecretWorkflows
    {
        public const double MaxExpiringWithinDays = 3650;

        public static double ValidateExpiringWithinDays(double days)
        {
            if (double.IsNaN(days) || days < 0 || days > MaxExpiringWithinDays)
                throw new AtlasValidationException("AtlasInvalidExpiringWithinDays",
                    $"-ExpiringWithinDays {days} is out of range: give a number of days from 0 to {MaxExpiringWithinDays}, e.g. 14.", "ExpiringWithinDays", days);
            return days;
        }

        /// <summary>
        /// The secrets that expire within <paramref name="days"/> days of <paramref name="now"/>, already expired ones included
        /// (they need attention most), soonest first.
        /// </summary>
        public static IReadOnlyList<ServiceAccountSecret> ExpiringWithin(IEnumerable<ServiceAccountSecret> secrets, double days, DateTimeOffset now)
        {
            ValidateExpiringWithinDays(days);
            var limit = now.AddDays(days);
            return (secrets ?? Enumerable.Empty<ServiceAccountSecret>()).Where(s => s.ExpiresAt <= limit).OrderBy(s => s.ExpiresAt).ToList();
        }

        /// <summary>The account's secrets (masked; Atlas never shows a secret again), optionally only those expiring within N days.</summary>
        public static async Task<IReadOnlyList<ServiceAccountSecret>> GetAsync(AtlasConnection connection, string? orgId, string clientId,
            double? expiringWithinDays = null, CancellationToken ct = default)
        {
            if (expiringWithinDays.HasValue) ValidateExpiringWithinDays(expiringWithinDays.Value);
            var sa = await ServiceAccountWorkflows.GetAsync(connection, orgId, clientId, ct).ConfigureAwait(false);
            return expiringWithinDays.HasValue
                ? ExpiringWithin(sa.Secrets, expiringWithinDays.Value, DateTimeOffset.UtcNow)
                : sa.Secrets.OrderBy(s => s.ExpiresAt).ToList();
        }

        /// <summary>
        /// Creates a secret, top to bottom: validate, vault preflight (with a hand-off), create, store (with a hand-off;
        /// on failure the one rollback path, <see cref="CreationRollback"/>, deletes the new secret again). The result's
        /// Secret (SecureString) is shown by Atlas this once; with a hand-off it is in the vault instead and StoredIn says
        /// where. A lost answer to the POST is checked, not guessed (<see cref="OutcomeCheck"/>): a secret Atlas created
        /// without its value reaching us is deleted and the create sent once more, so no unknown secret is left on the
        /// account (Atlas allows only a few per account, and a rotation would find no room). The check costs one read of
        /// the account before the POST; that read also gives the vault metadata the account's roles and description.
        /// </summary>
        public static async Task<ServiceAccountSecret> NewAsync(AtlasConnection connection, string? orgId, string clientId, int expiresAfterHours,
            CredentialHandoff? handoff = null, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            int hours = AtlasInput.SecretLifetimeHours(expiresAfterHours, "ExpiresAfterHours");
            var sas = connection.Client.ServiceAccounts;
            if (handoff != null) await handoff.PreflightAsync(ct).ConfigureAwait(false);
            ServiceAccount? account = null;
            var secret = await OutcomeCheck.CreateCheckedAsync(new OutcomeCheck.Target
            {
                What = $"a secret for service account {id}",
                ErrorPrefix = "AtlasServiceAccountSecret",
                ListMatchingIds = async c =>
                {
                    var read = await sas.GetAsync(org, id, c).ConfigureAwait(false);
                    account ??= read;
                    return read.Secrets.Select(s => s.Id).ToList();
                },
                Delete = (secretId, c) => sas.DeleteSecretAsync(org, id, secretId, c),
                FindCommand = $"Get-AtlasServiceAccountSecret -OrganizationId {org} -ClientId {id}",
            }, c => sas.CreateSecretAsync(org, id, hours, c), ct).ConfigureAwait(false);

            if (handoff != null)
                AtlasHandoffs.MarkStored(secret, await handoff.StoreOrRollBackAsync(AtlasHandoffs.ForServiceAccountSecret(connection.Client, secret, account), ct).ConfigureAwait(false));
            return secret;
        }

        /// <summary>Deletes a secret: tokens can no longer be requested with it.</summary>
        public static Task RemoveAsync(AtlasConnection connection, string? orgId, string clientId, string secretId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            string sid = AtlasInput.SecretId(secretId);
            return connection.Client.ServiceAccounts.DeleteSecretAsync(org, id, sid, ct);
        }
    }
}
