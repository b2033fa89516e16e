using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Creates an organization, optionally with its first API key or service account. The one-time private key or
    /// client secret is returned as a SecureString in the result; Atlas never shows it again. With -Vault it is stored in
    /// a SecretManagement vault instead and not returned; if storing fails the new organization is deleted again.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AtlasOrganization", SupportsShouldProcess = true, DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(NewOrganizationResult))]
    public sealed class NewAtlasOrganizationCommand : AtlasCredentialCreatingCmdlet
    {
        public const string ApiKeySet = "ApiKey";
        public const string ServiceAccountSet = "ServiceAccount";

        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = "";

        [Parameter(ParameterSetName = ApiKeySet)]
        public string? ApiKeyDescription { get; set; }

        [Parameter(ParameterSetName = ApiKeySet)]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[]? ApiKeyRole { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet)]
        public string ServiceAccountName { get; set; } = "";

        [Parameter(ParameterSetName = ServiceAccountSet)]
        public string? ServiceAccountDescription { get; set; }

        [Parameter(ParameterSetName = ServiceAccountSet)]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[]? ServiceAccountRole { get; set; }

        [Parameter(ParameterSetName = ServiceAccountSet)]
        public int SecretExpiresAfterHours { get; set; } = 720;

        /// <summary>The Atlas user id of the new organization's owner (needed when the caller is an API key or service account).</summary>
        [Parameter]
        public string? OwnerId { get; set; }

        protected override void EndProcessing()
        {
            var connection = ActiveConnection;
            var request = new OrganizationWorkflows.NewOrganizationRequest
            {
                Name = Name, ApiKeyDescription = ApiKeyDescription, ApiKeyRoles = ApiKeyRole,
                ServiceAccountName = ParameterSetName == ServiceAccountSet ? ServiceAccountName : null,
                ServiceAccountDescription = ServiceAccountDescription, ServiceAccountRoles = ServiceAccountRole,
                ServiceAccountSecretExpiresAfterHours = SecretExpiresAfterHours, OrgOwnerId = OwnerId,
            };
            CredentialHandoff? handoff;
            try
            {
                if (ToVault() && request.ApiKeyDescription == null && request.ServiceAccountName == null)
                    throw new AtlasValidationException("AtlasVaultWithoutCredential",
                        "-Vault stores the new organization's first credential: give -ApiKeyDescription or -ServiceAccountName too.", "Vault");
                handoff = CheckedHandoff();   // the vault checks, also under -WhatIf
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, Name, "Organization"); return; }
            if (!ShouldProcess($"Atlas organization '{Name}'", handoff is null ? "Create"
                : $"Create, and store its first credential in vault '{handoff.VaultName}' as '{handoff.SecretName}'")) return;
            try
            {
                var result = Run(ct => OrganizationWorkflows.CreateAsync(connection, request, handoff, ct));
                if (handoff is null && (result.ApiKey?.PrivateKey != null || result.ServiceAccount != null))
                    WriteWarning("The result holds the new organization's one-time credential (ApiKey.PrivateKey or ServiceAccount.Secrets[0].Secret) as a SecureString. Atlas will never show it again: store it now.");
                WriteObject(result);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, TargetOf(ex, Name), "Organization"); }
        }
    }
}
