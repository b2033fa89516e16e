using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;
using AtlasPS.SecretManagement;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Rotates a credential kept in a SecretManagement vault: creates the replacement (an API key with the same roles,
    /// access list and project access, or a new client secret), proves it signs in, overwrites the vault entry, then
    /// deletes the old key or the secrets that were valid before (-KeepPrevious keeps them). Every step is a
    /// ShouldProcess call, so -WhatIf prints the plan. All decisions live in AtlasPS.Core.Workflows.CredentialWorkflows.
    /// </summary>
    [Cmdlet(VerbsData.Update, "AtlasCredential", SupportsShouldProcess = true, DefaultParameterSetName = ApiKeySet)]
    [OutputType(typeof(CredentialRotationResult))]
    public sealed class UpdateAtlasCredentialCommand : AtlasApiCmdlet
    {
        private const string ApiKeySet = "ApiKey";
        private const string ServiceAccountSet = "ServiceAccount";

        /// <summary>The API key to rotate.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>The service account whose secret is rotated.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        /// <summary>The registered vault that holds the credential (Get-SecretVault lists them).</summary>
        [Parameter(Mandatory = true)]
        public string Vault { get; set; } = "";

        /// <summary>The vault entry that holds the credential; it is overwritten with the new one.</summary>
        [Parameter(Mandatory = true)]
        public string SecretName { get; set; } = "";

        /// <summary>Lifetime of the new secret. Default: 720 hours (30 days), or the organization's maximum when lower.</summary>
        [Parameter(ParameterSetName = ServiceAccountSet)]
        [ValidateRange(1, 8760)]
        public int ExpiresAfterHours { get; set; } = CredentialWorkflows.DefaultSecretHours;

        /// <summary>Keep the old key or secrets working (staged cut-over); remove them later yourself.</summary>
        [Parameter]
        public SwitchParameter KeepPrevious { get; set; }

        /// <summary>Projects assigned at once when copying an API key's project access.</summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            bool isKey = ParameterSetName == ApiKeySet;
            string id = isKey ? ApiKeyId : ClientId;
            string noun = isKey ? "ApiKey" : "ServiceAccount";
            CredentialWorkflows rotation;
            try
            {
                var vault = new SecretManagementVault(this);   // calls go to the pipeline thread through the dispatcher
                rotation = new CredentialWorkflows(connection.Client, vault, new RotationOptions
                {
                    OrganizationId = connection.RequireOrganizationId(OrganizationId),
                    ApiKeyId = isKey ? ApiKeyId : null,
                    ClientId = isKey ? null : ClientId,
                    VaultName = Vault, SecretName = SecretName,
                    ExpiresAfterHours = MyInvocation.BoundParameters.ContainsKey(nameof(ExpiresAfterHours)) ? ExpiresAfterHours : (int?)null,
                    KeepPrevious = KeepPrevious.IsPresent,
                    ThrottleLimit = ThrottleLimit,
                    Warning = PostWarning,
                });
            }
            catch (AtlasValidationException ex) { WriteAtlasError(ex, id, noun); return; }

            try
            {
                // Reads only (current credential, vault checks): also under -WhatIf.
                var plan = Run(ct => rotation.PlanAsync(ct));
                WriteVerbose("Rotation plan:" + Environment.NewLine + plan);
                bool approved = true;
                foreach (var step in plan.Steps)
                    approved &= ShouldProcess(step.Target, step.Action);
                if (!approved) return;
                var result = Run(ct => rotation.ExecuteAsync(plan, ct));
                WriteObject(result);
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                // A credential that works but is stored nowhere travels in the ErrorRecord (never printed).
                object target = (ex as AtlasWorkflowException)?.TargetObject ?? id;
                WriteAtlasError(ex, target, noun);
            }
        }
    }
}
