using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// Describes the credentials Atlas creates as <see cref="NewCredential"/>s for <see cref="CredentialHandoff"/>,
    /// and marks the returned objects once the secret is stored (StoredIn set, one-time secret removed).
    /// </summary>
    public static class AtlasHandoffs
    {
        /// <summary>A new organization API key: user name = public key, password = private key; rollback deletes the key.</summary>
        /// <param name="rollback">Override for keys that must be deleted differently (e.g. a new organization's first key).</param>
        public static NewCredential ForApiKey(AtlasClient client, ApiKey key, Func<CancellationToken, Task>? rollback = null)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (key is null) throw new ArgumentNullException(nameof(key));
            var secret = key.PrivateKey ?? throw new InvalidOperationException($"Atlas returned API key {key.Id} without its private key; there is nothing to store.");
            string orgId = key.OrgId, id = key.Id;
            return new NewCredential(id, key.PublicKey, secret, $"API key '{key.Description}' ({id}, public key {key.PublicKey})",
                rollback ?? (ct => client.ApiKeys.DeleteAsync(orgId, id, ct)))
            {
                Metadata = CredentialMetadata.Build("ApiKey", orgId, apiKeyId: id, roles: key.Roles, description: key.Description, created: DateTimeOffset.UtcNow, baseUri: client.BaseUri),
                RemoveCommand = $"Remove-AtlasApiKey -OrganizationId {orgId} -ApiKeyId {id}",
            };
        }

        /// <summary>A new service account with its first secret: user name = client id; rollback deletes the account.</summary>
        public static NewCredential ForServiceAccount(AtlasClient client, ServiceAccount account, Func<CancellationToken, Task>? rollback = null)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (account is null) throw new ArgumentNullException(nameof(account));
            var first = account.Secrets.FirstOrDefault(s => s.Secret != null)
                ?? throw new InvalidOperationException($"Atlas returned service account {account.ClientId} without its client secret; there is nothing to store.");
            string orgId = account.OrgId, clientId = account.ClientId;
            return new NewCredential(clientId, clientId, first.Secret!, $"service account '{account.Name}' ({clientId})",
                rollback ?? (ct => client.ServiceAccounts.DeleteAsync(orgId, clientId, ct)))
            {
                // AtlasDescription is the account's description (its name is not a description).
                Metadata = CredentialMetadata.Build("ServiceAccount", orgId, clientId: clientId, secretId: first.Id, roles: account.Roles,
                    description: account.Description, created: first.CreatedAt, expires: first.ExpiresAt, baseUri: client.BaseUri),
                RemoveCommand = $"Remove-AtlasServiceAccount -OrganizationId {orgId} -ClientId {clientId}",
            };
        }

        /// <summary>
        /// A new secret of an existing service account: user name = client id; rollback deletes only that secret.
        /// <paramref name="account"/> (the account as read before) gives the roles and description for the metadata, so a
        /// replaced entry (-Force, rotation) keeps them.
        /// </summary>
        public static NewCredential ForServiceAccountSecret(AtlasClient client, ServiceAccountSecret secret, ServiceAccount? account = null)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (secret is null) throw new ArgumentNullException(nameof(secret));
            var value = secret.Secret ?? throw new InvalidOperationException($"Atlas returned secret {secret.Id} without its value; there is nothing to store.");
            string orgId = secret.OrgId, clientId = secret.ClientId, secretId = secret.Id;
            return new NewCredential(secretId, clientId, value, $"secret {secretId} of service account {clientId}",
                ct => client.ServiceAccounts.DeleteSecretAsync(orgId, clientId, secretId, ct))
            {
                Metadata = CredentialMetadata.Build("ServiceAccount", orgId, clientId: clientId, secretId: secretId, roles: account?.Roles,
                    description: account?.Description, created: secret.CreatedAt, expires: secret.ExpiresAt, baseUri: client.BaseUri),
                RemoveCommand = $"Remove-AtlasServiceAccountSecret -OrganizationId {orgId} -ClientId {clientId} -SecretId {secretId}",
            };
        }

        /// <summary>
        /// The first credential of a new organization (New-AtlasOrganization): its API key, else its service account.
        /// Rollback deletes the whole new organization, signed in AS THE NEW CREDENTIAL (the caller is usually not a
        /// member of the organization it just created; the new key or account is its ORG_OWNER). Null when the
        /// organization came without a credential.
        /// </summary>
        public static NewCredential? ForNewOrganization(AtlasClient client, NewOrganizationResult result)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            if (result is null) throw new ArgumentNullException(nameof(result));
            string orgId = result.Organization.Id;
            Func<CancellationToken, Task> deleteOrgAs(AtlasCredential credential) => async ct =>
            {
                using var asNew = new AtlasClient(client.Options.WithCredential(credential));
                await asNew.Organizations.DeleteAsync(orgId, ct).ConfigureAwait(false);
            };
            NewCredential c;
            if (result.ApiKey is { PrivateKey: { } pk } key)
            {
                c = ForApiKey(client, key, deleteOrgAs(new ApiKeyCredential(key.PublicKey, pk.Copy())));
            }
            else if (result.ServiceAccount is { } sa && sa.Secrets.Any(s => s.Secret != null))
            {
                var secret = sa.Secrets.First(s => s.Secret != null).Secret!;
                c = ForServiceAccount(client, sa, deleteOrgAs(new ServiceAccountCredential(sa.ClientId, secret.Copy())));
            }
            else return null;
            c.RemoveCommand = $"Remove-AtlasOrganization -OrganizationId {orgId} (signed in as the new credential)";
            c.DeletedOnRollback = $"the new organization '{result.Organization.Name}' ({orgId}) with its {c}";
            return c;
        }

        /// <summary>onStored for API keys: StoredIn = "vault/name", and the one-time private key leaves the returned object.</summary>
        public static void MarkStored(ApiKey key, HandoffResult result)
        {
            key.StoredIn = result.Location;
            key.PrivateKey = null;
        }

        /// <summary>onStored for service accounts: the first secret's value leaves the returned object.</summary>
        public static void MarkStored(ServiceAccount account, HandoffResult result)
        {
            account.StoredIn = result.Location;
            foreach (var s in account.Secrets.Where(s => s.Secret != null))
            {
                s.StoredIn = result.Location;
                s.Secret = null;
            }
        }

        public static void MarkStored(ServiceAccountSecret secret, HandoffResult result)
        {
            secret.StoredIn = result.Location;
            secret.Secret = null;
        }
    }
}
