#
# Module manifest for AtlasPS. The build copies it to out/AtlasPS/<version>/ with ModuleVersion and
# CmdletsToExport taken from the build; tests/AtlasPS.Tests fails when the list below differs from the [Cmdlet]
# classes of the built assembly. Regenerate it with:
#   dotnet run --project tools/AtlasPS.ModuleBuilder -- update-manifest
#
@{
    RootModule             = 'AtlasPS.psm1'
    ModuleVersion          = '0.1.0'
    GUID                   = '5b0f6c1e-7a0d-4d53-9a5e-2f3c8e41b7d9'
    Author                 = 'AtlasPS contributors'
    CompanyName            = 'AtlasPS contributors'
    Copyright              = '(c) AtlasPS contributors. MIT licence.'
    Description            = 'Manage MongoDB Atlas programmatic access from PowerShell: organizations, projects, organization API keys and service accounts (roles, IP access lists, project assignments, secrets handed straight to a SecretManagement vault), plus invoices and clusters for cost tools. Works on Windows PowerShell 5.1 and PowerShell 7.'
    CompatiblePSEditions   = @('Desktop', 'Core')
    PowerShellVersion      = '5.1'
    DotNetFrameworkVersion = '4.7.2'
    FormatsToProcess       = @('AtlasPS.Format.ps1xml')
    # Class-based DSC resources: PowerShell finds them only in the RootModule or a NestedModules entry.
    NestedModules          = @('DSCResources/AtlasPS.DscResources.psm1')
    DscResourcesToExport   = @('AtlasApiKey', 'AtlasServiceAccount')
    CmdletsToExport = @(
        'Add-AtlasAccessListEntry'
        'Connect-Atlas'
        'Disconnect-Atlas'
        'Get-AtlasAccessListEntry'
        'Get-AtlasAccessReport'
        'Get-AtlasApiKey'
        'Get-AtlasCluster'
        'Get-AtlasConnection'
        'Get-AtlasInvoice'
        'Get-AtlasOrganization'
        'Get-AtlasProject'
        'Get-AtlasProjectAccess'
        'Get-AtlasServiceAccount'
        'Get-AtlasServiceAccountSecret'
        'Grant-AtlasProjectAccess'
        'New-AtlasApiKey'
        'New-AtlasOrganization'
        'New-AtlasServiceAccount'
        'New-AtlasServiceAccountSecret'
        'Remove-AtlasAccessListEntry'
        'Remove-AtlasApiKey'
        'Remove-AtlasOrganization'
        'Remove-AtlasServiceAccount'
        'Remove-AtlasServiceAccountSecret'
        'Revoke-AtlasProjectAccess'
        'Set-AtlasApiKey'
        'Set-AtlasOrganization'
        'Set-AtlasProjectAccess'
        'Set-AtlasServiceAccount'
        'Update-AtlasCredential'
    )
    FunctionsToExport      = @()
    # No AliasesToExport (the module has no aliases): with Cmdlets-, Functions- AND AliasesToExport all explicit,
    # Get-Module -ListAvailable (PowerShell 7.6) skips the nested modules and shows no ExportedDscResources.
    VariablesToExport      = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS', 'MongoDB', 'Atlas')
            ProjectUri   = 'https://github.com/atlasps/AtlasPS'
            LicenseUri   = 'https://github.com/atlasps/AtlasPS/blob/main/LICENSE'
            ReleaseNotes = 'First release: connect with API keys (digest) or service accounts (OAuth); manage organization API keys and service accounts, their roles, IP access lists, project assignments and secrets; read organizations, projects, invoices and clusters.'
        }
    }
}
