# Class-based DSC resources of AtlasPS: AtlasApiKey and AtlasServiceAccount.
# The classes only map properties: reading Atlas, comparing desired and actual state (the plan, with its Reasons) and
# applying the plan happen in AtlasPS.Core (AtlasPS.Core.Dsc.ApiKeyPlan / ServiceAccountPlan), reached through
# [AtlasPS.Dsc.AtlasDscBridge] in AtlasPS.dll. No type of that assembly is named at parse time: this file is listed in
# AtlasPS.psd1's NestedModules, which load before the root module loads the assembly.
# Get-Help about_AtlasPS_DSC describes the resources.

function Get-AtlasDscBridge {
    $bridge = 'AtlasPS.Dsc.AtlasDscBridge' -as [type]
    if ($null -eq $bridge) {
        # Used on its own (using module .../AtlasPS.DscResources.psm1): load the whole module, which picks the
        # assembly for this edition of PowerShell.
        Microsoft.PowerShell.Core\Import-Module -Name ([System.IO.Path]::Combine($PSScriptRoot, '..', 'AtlasPS.psd1')) -Global -ErrorAction Stop
        $bridge = 'AtlasPS.Dsc.AtlasDscBridge' -as [type]
    }
    $bridge
}

function Invoke-AtlasDscResource {
    param([string]$Resource, [string]$Method, [object]$InputObject)
    $bridge = Get-AtlasDscBridge
    try {
        $result = $bridge::Invoke($Resource, $Method, $InputObject, $ExecutionContext.InvokeCommand)
    }
    catch {
        $record = $bridge::ToErrorRecord($_.Exception, $Resource)
        throw $record
    }
    foreach ($line in $result.Verbose) { Write-Verbose -Message $line }
    foreach ($line in $result.Warnings) { Write-Warning -Message $line }
    $result
}

# Why a resource is not in the desired state (Azure Machine Configuration reads these).
class AtlasReason {
    [DscProperty()]
    [string] $Code

    [DscProperty()]
    [string] $Phrase
}

# One project assignment: ProjectId or ProjectName, and the exact project roles.
class AtlasProjectRole {
    [DscProperty()]
    [string] $ProjectId

    [DscProperty()]
    [string] $ProjectName

    [DscProperty()]
    [string[]] $Roles
}

function ConvertTo-AtlasReason {
    param([object[]]$Reasons)
    # The comma keeps an empty array an array (a function's output would otherwise unroll it to $null).
    , [AtlasReason[]]@(foreach ($r in $Reasons) { [AtlasReason]@{ Code = $r.Code; Phrase = $r.Phrase } })
}

function ConvertTo-AtlasProjectRole {
    param([object[]]$ProjectRoles)
    if ($null -eq $ProjectRoles) { return $null }
    , [AtlasProjectRole[]]@(foreach ($p in $ProjectRoles) { [AtlasProjectRole]@{ ProjectId = $p.ProjectId; Roles = [string[]]$p.Roles } })
}

[DscResource()]
class AtlasApiKey {
    [DscProperty(Key)]
    [string] $OrganizationId

    [DscProperty(Key)]
    [string] $Description

    [DscProperty()]
    [ValidateSet('Present', 'Absent')]
    [string] $Ensure = 'Present'

    [DscProperty()]
    [string[]] $Roles

    [DscProperty()]
    [string[]] $AccessList

    [DscProperty()]
    [string[]] $AccessListToInclude

    [DscProperty()]
    [string[]] $AccessListToExclude

    [DscProperty()]
    [AtlasProjectRole[]] $ProjectRoles

    [DscProperty()]
    [string] $VaultName

    [DscProperty()]
    [string] $SecretName

    [DscProperty()]
    [pscredential] $Credential

    [DscProperty()]
    [string] $ConnectionVaultName

    [DscProperty()]
    [string] $ConnectionSecretName

    [DscProperty()]
    [string] $BaseUri

    [DscProperty(NotConfigurable)]
    [string] $ApiKeyId

    [DscProperty(NotConfigurable)]
    [string] $PublicKey

    [DscProperty(NotConfigurable)]
    [AtlasReason[]] $Reasons

    [AtlasApiKey] Get() {
        $r = Invoke-AtlasDscResource -Resource 'AtlasApiKey' -Method 'Get' -InputObject $this
        $state = [AtlasApiKey]::new()
        $state.OrganizationId = $this.OrganizationId
        $state.Description = $this.Description
        $state.Ensure = $r.Ensure
        $state.Roles = $r.Roles
        $state.AccessList = $r.AccessList
        $state.AccessListToInclude = $this.AccessListToInclude
        $state.AccessListToExclude = $this.AccessListToExclude
        $state.ProjectRoles = ConvertTo-AtlasProjectRole -ProjectRoles $r.ProjectRoles
        $state.VaultName = $this.VaultName
        $state.SecretName = $this.SecretName
        $state.ConnectionVaultName = $this.ConnectionVaultName
        $state.ConnectionSecretName = $this.ConnectionSecretName
        $state.BaseUri = $this.BaseUri
        $state.ApiKeyId = $r.Id
        $state.PublicKey = $r.PublicKey
        $state.Reasons = ConvertTo-AtlasReason -Reasons $r.Reasons
        return $state
    }

    [bool] Test() {
        return (Invoke-AtlasDscResource -Resource 'AtlasApiKey' -Method 'Test' -InputObject $this).InDesiredState
    }

    [void] Set() {
        $null = Invoke-AtlasDscResource -Resource 'AtlasApiKey' -Method 'Set' -InputObject $this
    }
}

[DscResource()]
class AtlasServiceAccount {
    [DscProperty(Key)]
    [string] $OrganizationId

    [DscProperty(Key)]
    [string] $Name

    [DscProperty()]
    [ValidateSet('Present', 'Absent')]
    [string] $Ensure = 'Present'

    [DscProperty()]
    [string] $Description

    [DscProperty()]
    [string[]] $Roles

    [DscProperty()]
    [string[]] $AccessList

    [DscProperty()]
    [string[]] $AccessListToInclude

    [DscProperty()]
    [string[]] $AccessListToExclude

    [DscProperty()]
    [AtlasProjectRole[]] $ProjectRoles

    [DscProperty()]
    [int] $SecretExpiresAfterHours

    [DscProperty()]
    [int] $RotateWhenExpiringWithinDays

    [DscProperty()]
    [string] $VaultName

    [DscProperty()]
    [string] $SecretName

    [DscProperty()]
    [pscredential] $Credential

    [DscProperty()]
    [string] $ConnectionVaultName

    [DscProperty()]
    [string] $ConnectionSecretName

    [DscProperty()]
    [string] $BaseUri

    [DscProperty(NotConfigurable)]
    [string] $ClientId

    [DscProperty(NotConfigurable)]
    [string] $SecretExpiresAt

    [DscProperty(NotConfigurable)]
    [AtlasReason[]] $Reasons

    [AtlasServiceAccount] Get() {
        $r = Invoke-AtlasDscResource -Resource 'AtlasServiceAccount' -Method 'Get' -InputObject $this
        $state = [AtlasServiceAccount]::new()
        $state.OrganizationId = $this.OrganizationId
        $state.Name = $this.Name
        $state.Ensure = $r.Ensure
        $state.Description = $r.Description
        $state.Roles = $r.Roles
        $state.AccessList = $r.AccessList
        $state.AccessListToInclude = $this.AccessListToInclude
        $state.AccessListToExclude = $this.AccessListToExclude
        $state.ProjectRoles = ConvertTo-AtlasProjectRole -ProjectRoles $r.ProjectRoles
        $state.SecretExpiresAfterHours = $this.SecretExpiresAfterHours
        $state.RotateWhenExpiringWithinDays = $this.RotateWhenExpiringWithinDays
        $state.VaultName = $this.VaultName
        $state.SecretName = $this.SecretName
        $state.ConnectionVaultName = $this.ConnectionVaultName
        $state.ConnectionSecretName = $this.ConnectionSecretName
        $state.BaseUri = $this.BaseUri
        $state.ClientId = $r.Id
        if ($null -ne $r.NewestSecretExpiresAt) { $state.SecretExpiresAt = $r.NewestSecretExpiresAt.UtcDateTime.ToString('o') }
        $state.Reasons = ConvertTo-AtlasReason -Reasons $r.Reasons
        return $state
    }

    [bool] Test() {
        return (Invoke-AtlasDscResource -Resource 'AtlasServiceAccount' -Method 'Test' -InputObject $this).InDesiredState
    }

    [void] Set() {
        $null = Invoke-AtlasDscResource -Resource 'AtlasServiceAccount' -Method 'Set' -InputObject $this
    }
}

# The helper functions stay private (also when the file is used on its own with `using module`); the classes are
# what this module offers.
Export-ModuleMember -Function @()
