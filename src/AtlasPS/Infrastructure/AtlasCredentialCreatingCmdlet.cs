using System.Management.Automation;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Base of the cmdlets that create a credential (New-AtlasApiKey, New-AtlasServiceAccount,
    /// New-AtlasServiceAccountSecret, New-AtlasOrganization): optional -Vault/-SecretName/-Force in every parameter set.
    /// With -Vault the one-time secret goes to a SecretManagement vault (the workflow stores it) and is not emitted.
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

        /// <summary>
        /// Null without -Vault. With -Vault: the hand-off for the workflow, after the vault checks the real run makes
        /// (installed, registered, usable, name free), which only read and so run under -WhatIf too: -WhatIf reports what
        /// the real run would refuse. Throws the check's AtlasVaultException.
        /// </summary>
        protected Core.Secrets.CredentialHandoff? CheckedHandoff()
        {
            if (!ToVault()) return null;
            var handoff = NewHandoff(Vault!, SecretName!, Force);
            Run(ct => handoff.PreflightAsync(ct));
            return handoff;
        }
    }
}
