using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// Connect-Atlas -Vault -SecretName: turns a vault entry into an AtlasCredential. Works with vaults that keep no
    /// metadata (the org id and base URL then come from -OrganizationId/-BaseUri or the environment).
    /// </summary>
    public static class StoredCredentialReader
    {
        public const string ErrorSecretNotFound = "AtlasSecretNotFound";
        public const string ErrorNotCredential = "AtlasSecretNotCredential";

        /// <summary>Reads and converts; preflight-style errors (AtlasVaultException) when the vault or secret is missing.</summary>
        public static async Task<VaultCredential> ReadAsync(ISecretVault vault, string vaultName, string secretName, CancellationToken ct)
        {
            if (vault is null) throw new ArgumentNullException(nameof(vault));
            vaultName = CredentialHandoff.ValidateVaultName(vaultName);
            secretName = CredentialHandoff.ValidateSecretName(secretName);
            if (!vault.IsAvailable)
                throw new AtlasVaultException(CredentialHandoff.ErrorNotInstalled, AtlasErrorCategory.NotInstalled,
                    "-Vault needs the Microsoft.PowerShell.SecretManagement module, which is not installed. Install it with " +
                    "'Install-PSResource Microsoft.PowerShell.SecretManagement' (plus a vault such as Microsoft.PowerShell.SecretStore), " +
                    "or connect with -Credential, -PublicKey/-PrivateKey or the MONGODB_ATLAS_* environment variables.", vaultName, secretName);

            SecretVaultStatus status;
            try { status = await vault.TestVaultAsync(vaultName, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { throw; }
            catch (Exception ex) { status = new SecretVaultStatus(vaultName, SecretVaultState.Unavailable, ex.Message); }
            if (status.State == SecretVaultState.NotRegistered)
                throw new AtlasVaultException(CredentialHandoff.ErrorVaultNotFound, AtlasErrorCategory.ObjectNotFound,
                    $"There is no registered vault named '{vaultName}'. Get-SecretVault lists the registered vaults.", vaultName, secretName);
            if (status.State == SecretVaultState.Unavailable)
                throw new AtlasVaultException(CredentialHandoff.ErrorVaultUnavailable, AtlasErrorCategory.ResourceUnavailable,
                    $"The vault '{vaultName}' cannot be used now{(string.IsNullOrWhiteSpace(status.Detail) ? "" : " (" + status.Detail!.Trim().TrimEnd('.') + ")")}. " +
                    $"Unlock it (Unlock-SecretStore, or Unlock-SecretVault -Name {vaultName}) and try again.", vaultName, secretName);

            var entry = await vault.GetCredentialAsync(vaultName, secretName, ct).ConfigureAwait(false);
            if (entry is null)
                throw new AtlasVaultException(ErrorSecretNotFound, AtlasErrorCategory.ObjectNotFound,
                    $"The vault '{vaultName}' has no secret named '{secretName}'. Get-SecretInfo -Vault {vaultName} lists its secrets.", vaultName, secretName);
            return Convert(entry, vaultName + "/" + secretName);
        }

        /// <summary>Converts one entry. The password is copied; the caller may dispose the entry.</summary>
        public static VaultCredential Convert(StoredCredential entry, string location)
        {
            if (entry is null) throw new ArgumentNullException(nameof(entry));
            var user = entry.UserName?.Trim();
            if (string.IsNullOrEmpty(user))
                throw new AtlasVaultException(ErrorNotCredential, AtlasErrorCategory.InvalidData,
                    $"The secret '{location}' is not a credential: it has no user name. Store it as a PSCredential with the public key (or client id) as user name " +
                    "and the private key (or client secret) as password, e.g. Set-Secret -Name <name> -Secret (Get-Credential <public key>).");
            if (entry.Password.Length == 0)
                throw new AtlasVaultException(ErrorNotCredential, AtlasErrorCategory.InvalidData,
                    $"The credential '{location}' for {Validation.AtlasInput.Quote(user)} has an empty password. Store the private key (or client secret) as its password.");

            AtlasCredential credential;
            try
            {
                credential = user!.StartsWith(ServiceAccountCredential.ClientIdPrefix, StringComparison.Ordinal)
                    ? new ServiceAccountCredential(Validation.AtlasInput.ClientId(user, "SecretName"), entry.Password.Copy())
                    : (AtlasCredential)new ApiKeyCredential(user, entry.Password.Copy());
            }
            catch (AtlasValidationException v)
            {
                throw new AtlasVaultException(ErrorNotCredential, AtlasErrorCategory.InvalidData,
                    $"The credential '{location}' has user name {Validation.AtlasInput.Quote(user)}, which is neither a public key nor a client id: {v.Message}", inner: v);
            }

            string? org = CredentialMetadata.GetString(entry.Metadata, CredentialMetadata.OrgId);
            if (org != null)
            {
                try { org = Validation.AtlasInput.OrganizationId(org); } catch (AtlasValidationException) { org = null; }
            }
            Uri? baseUri = null;
            var url = CredentialMetadata.GetString(entry.Metadata, CredentialMetadata.BaseUrl);
            if (url != null && Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp)) baseUri = u;
            return new VaultCredential(credential, org, baseUri, CredentialMetadata.GetTime(entry.Metadata, CredentialMetadata.Expires), location);
        }
    }
}
