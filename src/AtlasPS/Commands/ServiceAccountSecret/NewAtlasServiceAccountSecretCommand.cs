using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Adds a client secret to a service account (for rotation). The secret is shown this once, or with -Vault stored in a
    /// SecretManagement vault and not shown (-Force replaces the vault entry: rotation); if storing fails the new secret
    /// is deleted again.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "AtlasServiceAccountSecret", SupportsShouldProcess = true, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ServiceAccountSecret))]
    public sealed class NewAtlasServiceAccountSecretCommand : AtlasCredentialCreatingCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = DefaultSet)]
        public int ExpiresAfterHours { get; set; }

        [Parameter(ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            try
            {
                Core.Validation.AtlasInput.SecretLifetimeHours(ExpiresAfterHours, "ExpiresAfterHours");
                var handoff = CheckedHandoff();   // the vault checks, also under -WhatIf
                if (!ShouldProcess($"service account {ClientId}: new secret valid for {ExpiresAfterHours} hours" +
                    (handoff is null ? "" : $", stored in vault '{handoff.VaultName}' as '{handoff.SecretName}'"), "Create secret")) return;
                var secret = Run(ct => ServiceAccountSecretWorkflows.NewAsync(connection, OrganizationId, ClientId, ExpiresAfterHours, handoff, ct));
                WriteObject(secret);
                if (handoff is null)
                    WriteWarning($"The new secret {secret.Id} of {ClientId} is in .Secret (a SecureString). Atlas will never show it again: store it now.");
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, TargetOf(ex, ClientId), "ServiceAccount"); }
        }
    }
}
