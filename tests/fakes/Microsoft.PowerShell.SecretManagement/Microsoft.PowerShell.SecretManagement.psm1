# Test double of Microsoft.PowerShell.SecretManagement, behaving as 1.1.2 with SecretStore 1.0.6 was measured to:
# - a vault's Set-Secret failure is a NON-terminating error (nothing is thrown);
# - Test-SecretVault on a locked store writes an error and returns $false;
# - an unknown vault name writes an error;
# - Remove-Secret needs -Vault;
# - vaults write warnings (Register-FakeSecretVault -Warning);
# - on a vault without metadata Set-SecretInfo writes a non-terminating error, and Set-Secret -Metadata removes the
#   secret it has just written (SecretManagement issue #227);
# - Get-Secret returns a SecureString for string secrets (plain text only with -AsPlainText).
# Test controls: Register-FakeSecretVault, Reset-FakeSecretVault, Get-FakeSecretEntry. State lives in this module
# (one process). Real vault registrations persist across processes: here ATLASPS_FAKE_VAULTS (comma-separated names)
# registers vaults when the module loads, so a runbook in a child pwsh finds its vault.

$script:vaults = [ordered]@{}

function Register-FakeSecretVault {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Name,
        [switch] $NoMetadata,
        [switch] $Locked,
        [switch] $FailOnSet,
        [string] $Warning,
        [switch] $Default
    )
    $script:vaults[$Name] = [pscustomobject]@{
        Name = $Name; ModuleName = 'Fake.SecretVault'; IsDefault = [bool]$Default -or $script:vaults.Count -eq 0
        Metadata = -not $NoMetadata; Locked = [bool]$Locked; FailOnSet = [bool]$FailOnSet; Warning = $Warning
        Secrets = @{}; Info = @{}
    }
}

function Reset-FakeSecretVault { [CmdletBinding()] param() $script:vaults = [ordered]@{} }

function Get-FakeSecretEntry {
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Vault, [Parameter(Mandatory)] [string] $Name)
    $v = $script:vaults[$Vault]
    if ($v -and $v.Secrets.ContainsKey($Name)) { , $v.Secrets[$Name] }
}

function script:Find-Vault([string] $Name, [System.Management.Automation.PSCmdlet] $Cmdlet) {
    if (-not $Name) {
        $default = @($script:vaults.Values | Where-Object IsDefault) | Select-Object -First 1
        if ($default) { return $default }
        $Cmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.InvalidOperationException]::new('There are no registered vaults.'), 'NoRegisteredVaults', 'ObjectNotFound', $null))
        return $null
    }
    if ($script:vaults.Contains($Name)) { return $script:vaults[$Name] }
    $Cmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
        [System.ArgumentException]::new("Vault $Name does not exist in registry."), 'InvalidVaultName', 'InvalidArgument', $Name))
    $null
}

function script:Write-VaultWarning($v) { if ($v.Warning) { Write-Warning $v.Warning } }

function Get-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name)
    if (-not $Name) { return $script:vaults.Values | ForEach-Object { [pscustomobject]@{ Name = $_.Name; ModuleName = $_.ModuleName; IsDefault = $_.IsDefault } } }
    foreach ($n in $Name) {
        $v = Find-Vault $n $PSCmdlet
        if ($v) { [pscustomobject]@{ Name = $v.Name; ModuleName = $v.ModuleName; IsDefault = $v.IsDefault } }
    }
}

function Test-SecretVault {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string[]] $Name)
    foreach ($n in $(if ($Name) { $Name } else { @($script:vaults.Keys) })) {
        $v = Find-Vault $n $PSCmdlet
        if (-not $v) { continue }
        if ($v.Locked) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new('A valid password is required to access the Microsoft.PowerShell.SecretStore vault.'),
                'Microsoft.PowerShell.SecretStore.PasswordRequiredException', 'InvalidOperation', $n))
            $false
        }
        else { $true }
    }
}

function Set-Secret {
    [CmdletBinding(SupportsShouldProcess, DefaultParameterSetName = 'Secret')]
    param(
        [Parameter(Mandatory, Position = 0)] [string] $Name,
        [Parameter(Mandatory, Position = 1, ValueFromPipeline, ParameterSetName = 'Secret')] [object] $Secret,
        [Parameter(Mandatory, ValueFromPipeline, ParameterSetName = 'SecureStringSecret')] [securestring] $SecureStringSecret,
        [Parameter(Position = 2)] [string] $Vault,
        [hashtable] $Metadata,
        [switch] $NoClobber
    )
    process {
        $v = Find-Vault $Vault $PSCmdlet
        if (-not $v) { return }
        if (-not $PSCmdlet.ShouldProcess("Vault: $($v.Name)", "Write secret $Name")) { return }
        Write-VaultWarning $v
        if ($NoClobber -and $v.Secrets.ContainsKey($Name)) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("A secret with name $Name already exists in vault $($v.Name)."), 'AddSecretAlreadyExists', 'ResourceExists', $Name))
            return
        }
        if ($v.Locked -or $v.FailOnSet) {
            $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                [System.InvalidOperationException]::new("Unable to add secret $Name to vault $($v.Name)"), 'SetSecretFailed', 'InvalidOperation', $Name))
            return
        }
        $value = if ($PSCmdlet.ParameterSetName -eq 'SecureStringSecret') { $SecureStringSecret } else { $Secret }
        if ($value -is [string]) { $value = ConvertTo-SecureString $value -AsPlainText -Force }
        $v.Secrets[$Name] = $value
        if ($PSBoundParameters.ContainsKey('Metadata')) {
            if (-not $v.Metadata) {
                # SecretManagement falls back to Set-SecretInfo, which fails, and then removes the secret it just wrote.
                $v.Secrets.Remove($Name)
                $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
                    [System.InvalidOperationException]::new("Cannot store secret metadata. Vault $($v.Name) does not support metadata. The secret $Name was removed."),
                    'SetSecretMetadataNotSupported', 'NotImplemented', $Name))
                return
            }
            $v.Info[$Name] = $Metadata
        }
    }
}

function Set-SecretInfo {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [Parameter(Mandatory)] [hashtable] $Metadata, [string] $Vault)
    $v = Find-Vault $Vault $PSCmdlet
    if (-not $v) { return }
    if (-not $PSCmdlet.ShouldProcess("Vault: $($v.Name)", "Write metadata of $Name")) { return }
    if (-not $v.Metadata) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.NotSupportedException]::new("Cannot set secret metadata $Name. Vault $($v.Name) does not support secret metadata."), 'SetSecretInfoNotSupported', 'NotImplemented', $Name))
        return
    }
    if (-not $v.Secrets.ContainsKey($Name)) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'SetSecretInfoNotFound', 'ObjectNotFound', $Name))
        return
    }
    $v.Info[$Name] = $Metadata
}

function Get-SecretInfo {
    [CmdletBinding()]
    param([Parameter(Position = 0)] [string] $Name = '*', [string] $Vault)
    $targets = if ($Vault) { @(Find-Vault $Vault $PSCmdlet) } else { @($script:vaults.Values) }
    foreach ($v in $targets) {
        if (-not $v) { continue }
        foreach ($k in @($v.Secrets.Keys | Sort-Object)) {
            if ($k -like $Name) {
                $type = switch ($v.Secrets[$k]) { { $_ -is [pscredential] } { 'PSCredential'; break } { $_ -is [securestring] } { 'SecureString'; break } default { 'Unknown' } }
                [pscustomobject]@{ Name = [string]$k; Type = $type; VaultName = [string]$v.Name; Metadata = $v.Info[[string]$k] }
            }
        }
    }
}

function Get-Secret {
    [CmdletBinding()]
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [string] $Vault, [switch] $AsPlainText)
    $targets = if ($Vault) { @(Find-Vault $Vault $PSCmdlet) } else { @($script:vaults.Values) }
    foreach ($v in $targets) {
        if ($v -and $v.Secrets.ContainsKey($Name)) {
            Write-VaultWarning $v
            $s = $v.Secrets[$Name]
            if ($AsPlainText -and $s -is [securestring]) { return [System.Net.NetworkCredential]::new('', $s).Password }
            return $s
        }
    }
    $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
        [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'GetSecretNotFound', 'ObjectNotFound', $Name))
}

function Remove-Secret {
    [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory, Position = 0)] [string] $Name, [Parameter(Mandatory, Position = 1)] [string] $Vault)
    $v = Find-Vault $Vault $PSCmdlet
    if (-not $v) { return }
    if (-not $v.Secrets.ContainsKey($Name)) {
        $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new(
            [System.Management.Automation.ItemNotFoundException]::new("The secret $Name was not found."), 'RemoveSecretNotFound', 'ObjectNotFound', $Name))
        return
    }
    if ($PSCmdlet.ShouldProcess("Vault: $($v.Name)", "Remove secret $Name")) { $v.Secrets.Remove($Name); $v.Info.Remove($Name) }
}

foreach ($name in @(($env:ATLASPS_FAKE_VAULTS -split ',') | Where-Object { $_ })) { Register-FakeSecretVault -Name $name.Trim() }
