# A test double of Microsoft.PowerShell.SecretManagement 1.1.2 (not served by the package registries reachable here).
# Shared by the Pester files and runbook tests; see Microsoft.PowerShell.SecretManagement.psm1 for what it imitates.
@{
    RootModule        = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion     = '1.1.2'
    GUID              = 'a5c858f6-4a8e-41f1-b1ee-0e2b6c9f2d11'
    Description       = 'Test double of Microsoft.PowerShell.SecretManagement (AtlasPS tests only).'
    PowerShellVersion = '5.1'
    FunctionsToExport = @(
        'Get-SecretVault', 'Test-SecretVault', 'Get-SecretInfo', 'Set-Secret', 'Set-SecretInfo', 'Get-Secret', 'Remove-Secret'
        'Register-FakeSecretVault', 'Reset-FakeSecretVault', 'Get-FakeSecretEntry'
    )
    CmdletsToExport   = @()
    AliasesToExport   = @()
    VariablesToExport = @()
}
