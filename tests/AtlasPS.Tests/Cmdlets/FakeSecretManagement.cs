namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// A test double of Microsoft.PowerShell.SecretManagement (script functions, secrets in script-scoped hashtables) that
/// behaves like the real module (1.1.2 with SecretStore 1.0.6) where AtlasPS depends on it:
/// a vault's Set-Secret failure is a NON-terminating error (SetSecretInvalidOperation); Test-SecretVault on a locked
/// store returns False and writes an error (in PowerShell's method-call wording); an unknown vault name writes an
/// error; Remove-Secret needs -Vault; -Vault selects the store; vaults write warnings; on a vault without metadata
/// Set-SecretInfo writes a non-terminating error and Set-Secret -Metadata removes the secret it just wrote;
/// Get-Secret returns a SecureString for string secrets; Get-SecretInfo's Metadata is a read-only dictionary.
/// Vault 'V' exists from the start; Register-FakeVault adds others; every call is logged (Get-FakeVaultLog) and, when
/// $global:FakeVaultTrace is a list, appended to it as "vault: &lt;command&gt; ..." (to order it against other output).
/// </summary>
public static class FakeSecretManagement
{
    public const string Script = @"
$script:vaults = @{}
$script:log = [System.Collections.Generic.List[string]]::new()

function Register-FakeVault {
    param([Parameter(Mandatory)][string]$Name, [switch]$NoMetadata, [switch]$Locked, [string]$Warning)
    $script:vaults[$Name] = @{ Store = @{}; Meta = @{}; Locked = [bool]$Locked; Metadata = (-not $NoMetadata); FailSet = $null; Warning = $Warning }
}
Register-FakeVault -Name V

function Trace-FakeVault([string]$Text) {
    $script:log.Add($Text)
    $trace = Get-Variable -Name FakeVaultTrace -Scope Global -ValueOnly -ErrorAction Ignore
    if ($trace -is [System.Collections.IList]) { [void]$trace.Add('vault: ' + $Text) }
}

function New-FakeError([string]$Message, [string]$Id, [System.Management.Automation.ErrorCategory]$Category, [object]$Target) {
    [System.Management.Automation.ErrorRecord]::new([System.InvalidOperationException]::new($Message), $Id, $Category, $Target)
}

function Find-FakeVault([string]$Name, [System.Management.Automation.PSCmdlet]$Cmdlet) {
    $v = $script:vaults[$Name]
    if ($null -eq $v) {
        $Cmdlet.WriteError((New-FakeError ""Vault $Name does not exist in registry."" 'InvalidVaultName' InvalidArgument $Name))
        return $null
    }
    if ($v.Warning) { $Cmdlet.WriteWarning($v.Warning) }
    return $v
}

function Get-SecretVault { [CmdletBinding()] param([string[]]$Name)
    Trace-FakeVault ""Get-SecretVault $Name""
    $names = if ($Name) { $Name } else { @($script:vaults.Keys) }
    foreach ($n in $names) {
        if ($script:vaults.ContainsKey($n)) { [pscustomobject]@{ Name = $n; ModuleName = 'Fake.Vault'; IsDefault = ($n -eq 'V') } }
        else { $PSCmdlet.WriteError((New-FakeError ""Vault $n does not exist in registry."" 'GetSecretVaultNotFound' ObjectNotFound $n)) }
    }
}

function Test-SecretVault { [CmdletBinding()] param([string[]]$Name = @('V'))
    foreach ($n in $Name) {
        Trace-FakeVault ""Test-SecretVault $n""
        $v = Find-FakeVault $n $PSCmdlet
        if ($null -eq $v) { $false; continue }
        if ($v.Locked) {
            $PSCmdlet.WriteError((New-FakeError 'Exception calling ""GetInstance"" with ""0"" argument(s): ""A valid password is required to access the Microsoft.PowerShell.SecretStore vault.""' 'TestSecretVaultInvalidOperation' InvalidOperation $n))
            $false; continue
        }
        $true
    }
}

function Get-SecretInfo { [CmdletBinding()] param([string]$Name = '*', [string]$Vault)
    Trace-FakeVault ""Get-SecretInfo $Vault/$Name""
    $names = if ($Vault) { @($Vault) } else { @($script:vaults.Keys) }
    foreach ($vn in $names) {
        $v = Find-FakeVault $vn $PSCmdlet
        if ($null -eq $v) { continue }
        foreach ($k in @($v.Store.Keys)) {
            if ($k -notlike $Name) { continue }
            $d = [System.Collections.Generic.Dictionary[string,object]]::new([System.StringComparer]::OrdinalIgnoreCase)
            if ($v.Meta.ContainsKey($k)) { foreach ($e in $v.Meta[$k].GetEnumerator()) { $d[[string]$e.Key] = $e.Value } }
            $type = if ($v.Store[$k] -is [pscredential]) { 'PSCredential' } elseif ($v.Store[$k] -is [securestring]) { 'SecureString' } else { 'String' }
            [pscustomobject]@{ Name = $k; Type = $type; VaultName = $vn; Metadata = [System.Collections.ObjectModel.ReadOnlyDictionary[string,object]]::new($d) }
        }
    }
}

function Set-Secret { [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)][object]$Secret, [string]$Vault = 'V', [switch]$NoClobber, [hashtable]$Metadata)
    Trace-FakeVault ""Set-Secret $Vault/$Name""
    $v = Find-FakeVault $Vault $PSCmdlet
    if ($null -eq $v) { return }
    if ($v.Locked -or $v.FailSet) {
        $why = if ($v.FailSet) { $v.FailSet } else { 'A valid password is required to access the Microsoft.PowerShell.SecretStore vault.' }
        $PSCmdlet.WriteError((New-FakeError ""Unable to set secret $Name in vault $Vault. $why"" 'SetSecretInvalidOperation' InvalidOperation $Name))
        return
    }
    if ($NoClobber -and $v.Store.ContainsKey($Name)) {
        $PSCmdlet.WriteError((New-FakeError ""A secret with name $Name already exists in vault $Vault."" 'SetSecretInvalidOperation' InvalidOperation $Name))
        return
    }
    $v.Store[$Name] = $Secret
    $v.Meta.Remove($Name)
    if ($PSBoundParameters.ContainsKey('Metadata')) {
        if (-not $v.Metadata) {
            # SecretManagement falls back to Set-SecretInfo, and when that fails removes the secret it has just written (issue #227).
            $v.Store.Remove($Name)
            $PSCmdlet.WriteError((New-FakeError ""Cannot store secret metadata $Name. Vault $Vault does not support secret metadata. The secret was removed."" 'SetSecretInvalidOperation' InvalidOperation $Name))
            return
        }
        $v.Meta[$Name] = $Metadata.Clone()
    }
}

function Set-SecretInfo { [CmdletBinding(SupportsShouldProcess)]
    param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)][hashtable]$Metadata, [string]$Vault = 'V')
    Trace-FakeVault ""Set-SecretInfo $Vault/$Name""
    $v = Find-FakeVault $Vault $PSCmdlet
    if ($null -eq $v) { return }
    if (-not $v.Metadata) {
        $PSCmdlet.WriteError((New-FakeError ""Cannot set secret metadata $Name. Vault $Vault does not support secret metadata."" 'SetSecretInfoNotSupported' NotImplemented $Name))
        return
    }
    if (-not $v.Store.ContainsKey($Name)) {
        $PSCmdlet.WriteError((New-FakeError ""The secret $Name was not found in vault $Vault."" 'SetSecretInfoNotFound' ObjectNotFound $Name))
        return
    }
    $v.Meta[$Name] = $Metadata.Clone()
}

function Get-Secret { [CmdletBinding()] param([Parameter(Mandatory)][string]$Name, [string]$Vault = 'V', [switch]$AsPlainText)
    Trace-FakeVault ""Get-Secret $Vault/$Name""
    $v = Find-FakeVault $Vault $PSCmdlet
    if ($null -eq $v) { return }
    if (-not $v.Store.ContainsKey($Name)) {
        $PSCmdlet.WriteError((New-FakeError ""The secret $Name was not found."" 'GetSecretNotFound' ObjectNotFound $Name))
        return
    }
    $s = $v.Store[$Name]
    if ($s -is [string] -and -not $AsPlainText) { ConvertTo-SecureString -String $s -AsPlainText -Force } else { $s }
}

function Remove-Secret { [CmdletBinding(SupportsShouldProcess)] param([Parameter(Mandatory)][string]$Name, [Parameter(Mandatory)][string]$Vault)
    Trace-FakeVault ""Remove-Secret $Vault/$Name""
    $v = Find-FakeVault $Vault $PSCmdlet
    if ($null -eq $v) { return }
    if (-not $v.Store.Remove($Name)) { }
    $v.Meta.Remove($Name)
}

function Get-FakeVaultEntry { param([string]$Name, [string]$Vault = 'V') $script:vaults[$Vault].Store[$Name] }
function Get-FakeVaultMetadata { param([string]$Name, [string]$Vault = 'V') $script:vaults[$Vault].Meta[$Name] }
function Set-FakeVaultFailure { param([bool]$On, [string]$Vault = 'V', [string]$Reason = 'the fake vault refuses to write') $script:vaults[$Vault].FailSet = if ($On) { $Reason } else { $null } }
function Set-FakeVaultLock { param([bool]$Locked, [string]$Vault = 'V') $script:vaults[$Vault].Locked = $Locked }
function Get-FakeVaultLog { $script:log.ToArray() }
";

    public const string Manifest = @"@{
    RootModule = 'Microsoft.PowerShell.SecretManagement.psm1'
    ModuleVersion = '1.1.2'
    GUID = 'a5c858f6-4a8e-41f1-b1ee-0e2b6c9f2d11'
    FunctionsToExport = @('Get-SecretVault','Test-SecretVault','Get-SecretInfo','Set-Secret','Set-SecretInfo','Get-Secret','Remove-Secret',
        'Register-FakeVault','Get-FakeVaultEntry','Get-FakeVaultMetadata','Set-FakeVaultFailure','Set-FakeVaultLock','Get-FakeVaultLog')
}";

    /// <summary>Writes the module into a fresh temp folder; returns the folder that holds Microsoft.PowerShell.SecretManagement\.</summary>
    public static string Write()
    {
        var root = Path.Combine(Path.GetTempPath(), "atlasps-fake-sm-" + Guid.NewGuid().ToString("N"));
        var dir = Path.Combine(root, "Microsoft.PowerShell.SecretManagement");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Microsoft.PowerShell.SecretManagement.psm1"), Script);
        File.WriteAllText(Path.Combine(dir, "Microsoft.PowerShell.SecretManagement.psd1"), Manifest);
        return root;
    }

    /// <summary>The manifest path under a folder made by <see cref="Write"/>, for Import-Module.</summary>
    public static string ManifestPath(string root) => Path.Combine(root, "Microsoft.PowerShell.SecretManagement", "Microsoft.PowerShell.SecretManagement.psd1");
}
