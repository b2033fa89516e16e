@{
    RootModule = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion = '1.1.2'
    GUID = 'a5c858f6-4a8e-41f1-b1ee-0e2b6c9f2d11'
    FunctionsToExport = @('Get-SecretVault','Test-SecretVault','Get-SecretInfo','Set-Secret','Set-SecretInfo','Get-Secret','Remove-Secret','Get-FakeVaultEntry','Set-FakeVaultFailure')
}