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
            bool toVault;
            try { toVault = ToVault(); valid = ApiKeyWorkflows.Validate(connection, request); }
            catch (AtlasValidationException ex) { ThrowAtlasError(ex, Description, "ApiKey"); return; }

            string detail = $"Create API key '{valid.Description}' with {string.Join(", ", valid.Roles)}"
                + (valid.AccessList.Count > 0 ? $", {valid.AccessList.Count} access-list entr{(valid.AccessList.Count == 1 ? "y" : "ies")}" : "")
                + (valid.ProjectIds.Count > 0 ? $", {string.Join(", ", valid.ProjectRoles)} in {valid.ProjectIds.Count} project(s)" : "");
            if (toVault)
            {
                // The private key goes to the vault right after the key is created (the workflow's afterCreate hook),
                // before the access list and projects; any failure rolls the key back.
                if (!ShouldProcess($"Atlas organization {valid.OrganizationId}", $"{detail}, and store its private key in vault '{Vault}' as '{SecretName}'")) return;
                if (TryRunHandoff(Vault!, SecretName!, Force, (handoff, ct) => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
                        (afterCreate, c) => ApiKeyWorkflows.CreateAsync(connection, request, afterCreate, c),
                        k => AtlasHandoffs.ForApiKey(connection.Client, k),
                        AtlasHandoffs.MarkStored, ct), Description, "ApiKey", terminating: true, out var stored))
                    WriteObject(stored);
                return;
            }
            if (!ShouldProcess($"Atlas organization {valid.OrganizationId}", detail)) return;
            try
            {
                var key = Run(ct => ApiKeyWorkflows.CreateAsync(connection, request, null, ct));
                WriteWarning($"The PrivateKey of API key {key.PublicKey} is returned once, as a SecureString. Atlas will never show it again: store it now (e.g. Set-Secret -Name <name> -SecureStringSecret $key.PrivateKey).");
                WriteObject(key);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, Description, "ApiKey"); }
        }
    }
}
