using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Creates an organization API key with its roles, IP access list and project assignments in one call. If a later
    /// step fails, the key is deleted again. The result's PrivateKey (SecureString) is the one-time secret; with -Vault
    /// it goes into a SecretManagement vault instead (before the access list and projects) and StoredIn says where.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AtlasApiKey", SupportsShouldProcess = true)]
    [OutputType(typeof(ApiKey))]
    public sealed class NewAtlasApiKeyCommand : AtlasCredentialCreatingCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Description { get; set; } = "";

        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[] Role { get; set; } = Array.Empty<string>();

        /// <summary>Addresses and CIDR blocks allowed to use the key (all added in one request).</summary>
        [Parameter]
        [Alias("IpAddress")]
        public string[]? AccessListEntry { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completers.ProjectRoleCompleter))]
        public string[]? ProjectRole { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        /// <summary>Default: the connection's organization.</summary>
        [Parameter]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void EndProcessing()
        {
            var connection = ActiveConnection;
            var request = new NewApiKeyRequest
            {
                OrganizationId = OrganizationId, Description = Description, Roles = Role, AccessList = AccessListEntry,
                ProjectIds = ProjectId, ProjectRoles = ProjectRole, ThrottleLimit = ThrottleLimit,
            };
            ApiKeyWorkflows.ValidatedNewApiKey valid;
            CredentialHandoff? handoff;
            try
            {
                valid = ApiKeyWorkflows.Validate(connection, request);
                handoff = CheckedHandoff();   // the vault checks, also under -WhatIf
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, Description, "ApiKey"); return; }

            string detail = $"Create API key '{valid.Description}' with {string.Join(", ", valid.Roles)}"
                + (valid.AccessList.Count > 0 ? $", {valid.AccessList.Count} access-list entr{(valid.AccessList.Count == 1 ? "y" : "ies")}" : "")
                + (valid.ProjectIds.Count > 0 ? $", {string.Join(", ", valid.ProjectRoles)} in {valid.ProjectIds.Count} project(s)" : "")
                + (handoff is null ? "" : $", and store its private key in vault '{handoff.VaultName}' as '{handoff.SecretName}'");
            if (!ShouldProcess($"Atlas organization {valid.OrganizationId}", detail)) return;
            try
            {
                // The workflow stores the private key right after creating the key (before the access list and projects).
                var key = Run(ct => ApiKeyWorkflows.CreateAsync(connection, request, handoff, ct));
                if (handoff is null)
                    WriteWarning($"The PrivateKey of API key {key.PublicKey} is returned once, as a SecureString. Atlas will never show it again: store it now, as Connect-Atlas -Vault reads it " +
                                 "(e.g. Set-Secret -Name <name> -Secret ([pscredential]::new($key.PublicKey, $key.PrivateKey))).");
                WriteObject(key);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, TargetOf(ex, Description), "ApiKey"); }
        }
    }
}
