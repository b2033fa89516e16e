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
            bool toVault;
            try
            {
                toVault = ToVault();
                if (toVault && request.ApiKeyDescription == null && request.ServiceAccountName == null)
                    throw new AtlasValidationException("AtlasVaultWithoutCredential",
                        "-Vault stores the new organization's first credential: give -ApiKeyDescription or -ServiceAccountName too.", "Vault");
            }
            catch (AtlasValidationException ex) { ThrowAtlasError(ex, Name, "Organization"); return; }
            if (toVault)
            {
                if (!ShouldProcess($"Atlas organization '{Name}'", $"Create, and store its first credential in vault '{Vault}' as '{SecretName}'")) return;
                if (TryRunHandoff(Vault!, SecretName!, Force, (handoff, ct) => handoff.CreateAndStoreAsync(
                        c => OrganizationWorkflows.CreateAsync(connection, request, c),
                        r => AtlasHandoffs.ForNewOrganization(connection.Client, r)!,
                        (r, stored) =>
                        {
                            if (r.ApiKey != null) AtlasHandoffs.MarkStored(r.ApiKey, stored);
                            if (r.ServiceAccount != null) AtlasHandoffs.MarkStored(r.ServiceAccount, stored);
                        }, ct), Name, "Organization", terminating: true, out var created))
                    WriteObject(created);
                return;
            }
            if (!ShouldProcess($"Atlas organization '{Name}'", "Create")) return;
            try
            {
                var result = Run(ct => OrganizationWorkflows.CreateAsync(connection, request, ct));
                if (result.ApiKey?.PrivateKey != null || result.ServiceAccount != null)
                    WriteWarning("The result holds the new organization's one-time credential (ApiKey.PrivateKey or ServiceAccount.Secrets[0].Secret) as a SecureString. Atlas will never show it again: store it now.");
                WriteObject(result);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, Name, "Organization"); }
        }
    }
}
