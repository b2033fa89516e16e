using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Creates a service account with its first client secret, optionally with an API access list and project
    /// assignments. If a later step fails the account is deleted again. The secret is shown this once, or with -Vault
    /// stored in a SecretManagement vault (before the access list and projects) and not shown; StoredIn says where.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AtlasServiceAccount", SupportsShouldProcess = true, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ServiceAccount))]
    public sealed class NewAtlasServiceAccountCommand : AtlasCredentialCreatingCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet)]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = DefaultSet)]
        public string Description { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[] Role { get; set; } = System.Array.Empty<string>();

        [Parameter(ParameterSetName = DefaultSet)]
        public int SecretExpiresAfterHours { get; set; } = 720;

        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("AccessListEntry")]
        public string[]? IpAddress { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [ArgumentCompleter(typeof(Completers.ProjectRoleCompleter))]
        public string[]? ProjectRole { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        public int ThrottleLimit { get; set; } = ServiceAccountWorkflows.DefaultThrottleLimit;

        [Parameter(ParameterSetName = DefaultSet)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            var request = new NewServiceAccountRequest
            {
                OrganizationId = OrganizationId, Name = Name, Description = Description, Roles = Role,
                SecretExpiresAfterHours = SecretExpiresAfterHours, AccessList = IpAddress, ProjectIds = ProjectId,
                ProjectRoles = ProjectRole, ThrottleLimit = ThrottleLimit,
            };
            try
            {
                var v = ServiceAccountWorkflows.Validate(connection, request);
                var handoff = CheckedHandoff();   // the vault checks, also under -WhatIf
                if (!ShouldProcess(v.Describe() +
                    (handoff is null ? "" : $", and store its client secret in vault '{handoff.VaultName}' as '{handoff.SecretName}'"), "Create")) return;
                // The workflow stores the client secret right after creating the account (before the access list and projects).
                var sa = Run(ct => ServiceAccountWorkflows.CreateAsync(connection, request, handoff, ct));
                WriteObject(sa);
                if (handoff is null)
                    WriteWarning($"The client secret of service account {sa.ClientId} is in .Secrets[0].Secret (a SecureString). Atlas will never show it again: store it now.");
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, TargetOf(ex, Name), "ServiceAccount"); }
        }
    }
}
