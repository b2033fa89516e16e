using System.Management.Automation;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that create a credential (New-AtlasApiKey, New-AtlasServiceAccount,
    /// New-AtlasServiceAccountSecret, New-AtlasOrganization): optional -Vault/-SecretName/-Force in every parameter set.
    /// With -Vault the one-time secret goes to a SecretManagement vault (TryRunHandoff) and is not emitted.
    /// </summary>
    public abstract class AtlasCredentialCreatingCmdlet : AtlasApiCmdlet
    {
        /// <summary>A registered SecretManagement vault to store the new secret in (Get-SecretVault lists them).</summary>
        [Parameter]
        public string? Vault { get; set; }

        /// <summary>The name to store it under, with -Vault.</summary>
        [Parameter]
        public string? SecretName { get; set; }

        /// <summary>With -Vault: replace an existing secret of that name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>True when -Vault and -SecretName are given (validated); AtlasValidationException when only part is.</summary>
        protected bool ToVault() => VaultRequested(Vault, SecretName, Force);
    }
}
