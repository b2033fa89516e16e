# A stand-in for Microsoft.PowerShell.SecretManagement used by the DSC Pester files (vault "V", secrets in memory).
# It behaves like the fake of tests/AtlasPS.Tests/WiringHostTests.cs; Set-FakeVaultFailure makes Set-Secret fail.

$script:store = @{}
$script:meta = @{}
$script:failSet = $false
function Get-SecretVault { [CmdletBinding()] param([string]$Name)
    if (-not $Name -or $Name -eq 'V') { [pscustomobject]@{ Name = 'V'; ModuleName = 'Fake.Vault'; IsDefaultVault = $true } } }
function Test-SecretVault { [CmdletBinding()] param([string]$Name) $true }
function Get-SecretInfo { [CmdletBinding()] param([string]$Name = '*', [string]$Vault)
    foreach ($k in @($script:store.Keys)) { if ($k -like $Name) { [pscustomobject]@{ Name = $k; Type = 'PSCredential'; VaultName = 'V'; Metadata = $script:meta[$k] } } } }
function Set-Secret { [CmdletBinding(SupportsShouldProcess)] param([string]$Name, [object]$Secret, [string]$Vault, [switch]$NoClobber, [hashtable]$Metadata)
    if ($script:failSet) { throw 'the fake vault refuses to write' }
    if ($NoClobber -and $script:store.ContainsKey($Name)) { throw "A secret named $Name exists already." }
    $script:store[$Name] = $Secret }
function Set-SecretInfo { [CmdletBinding(SupportsShouldProcess)] param([string]$Name, [string]$Vault, [hashtable]$Metadata) $script:meta[$Name] = $Metadata }
function Get-Secret { [CmdletBinding()] param([string]$Name, [string]$Vault) if ($script:store.ContainsKey($Name)) { $script:store[$Name] } }
function Remove-Secret { [CmdletBinding(SupportsShouldProcess)] param([string]$Name, [string]$Vault) $script:store.Remove($Name) }
function Get-FakeVaultEntry { param([string]$Name) $script:store[$Name] }
function Set-FakeVaultFailure { param([bool]$On) $script:failSet = $On }
