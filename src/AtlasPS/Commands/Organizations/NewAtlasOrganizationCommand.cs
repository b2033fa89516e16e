using System;
using System.Management.Automation;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Creates an organization, optionally with its first API key or service account. The one-time private key or
    /// client secret is returned as a SecureString in the result; Atlas never shows it again.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AtlasOrganization", SupportsShouldProcess = true, DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(NewOrganizationResult))]
    public sealed class NewAtlasOrganizationCommand : AtlasApiCmdlet
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
