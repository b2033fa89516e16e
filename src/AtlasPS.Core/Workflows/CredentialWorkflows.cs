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
    public sealed partial class CredentialWorkflows
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
    }
}
