# Shared plumbing for tests/pester/*.Tests.ps1: the module under test, the emulator, the fake vault and child pwsh
# processes. Every file starts with
#     BeforeAll { Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force; Initialize-AtlasTest }
# See README.md in this folder.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-AtlasTestRepoRoot { $script:RepoRoot }

function Get-AtlasTestManifest {
    <# The module under test: ATLASPS_TEST_MODULE, else out/AtlasPS/<version>/AtlasPS.psd1 of the normal build. #>
    if ($env:ATLASPS_TEST_MODULE) { return $env:ATLASPS_TEST_MODULE }
    $version = ([xml](Get-Content -Raw (Join-Path $script:RepoRoot 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
    $manifest = Join-Path $script:RepoRoot "out/AtlasPS/$version/AtlasPS.psd1"
    if (-not (Test-Path $manifest)) { throw "The module is not built: $manifest is missing. Run: dotnet build AtlasPS.sln" }
    $manifest
}

function Start-AtlasTestEmulator {
    <# Starts the emulator as a process and sets the ATLASPS_TEST_* variables, unless ATLASPS_TEST_BASE_URL is set already. #>
    if ($env:ATLASPS_TEST_BASE_URL) { return $null }
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in 'run', '--project', (Join-Path $script:RepoRoot 'src/AtlasPS.Emulator'), '--', '--port', '0', '--json') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $first = $process.StandardOutput.ReadLine()
    if (-not $first) { $process.Kill($true); throw 'The emulator did not start (dotnet run --project src/AtlasPS.Emulator).' }
    $info = $first | ConvertFrom-Json
    $env:ATLASPS_TEST_BASE_URL = $info.baseUri
    $env:ATLASPS_TEST_ORG_ID = $info.orgId
    $env:ATLASPS_TEST_PUBLIC_KEY = $info.publicKey
    $env:ATLASPS_TEST_PRIVATE_KEY = $info.privateKey
    $env:ATLASPS_TEST_CLIENT_ID = $info.clientId
    $env:ATLASPS_TEST_CLIENT_SECRET = $info.clientSecret
    $process
}

function Stop-AtlasTestEmulator([System.Diagnostics.Process] $Process) {
    $Process.Kill($true)
    $Process.WaitForExit()
    foreach ($n in 'BASE_URL', 'ORG_ID', 'PUBLIC_KEY', 'PRIVATE_KEY', 'CLIENT_ID', 'CLIENT_SECRET') { Remove-Item "env:ATLASPS_TEST_$n" -ErrorAction SilentlyContinue }
}

function Get-AtlasTestEmulator {
    <# The emulator the run was given: base URL, organization id and the seeded owner API key and service account. #>
    if (-not $env:ATLASPS_TEST_BASE_URL) {
        throw 'ATLASPS_TEST_BASE_URL is not set: run the files through tests/pester/Invoke-AtlasPester.ps1 (or dotnet test), which provide the emulator.'
    }
    $private = ConvertTo-SecureString $env:ATLASPS_TEST_PRIVATE_KEY -AsPlainText -Force
    $secret = ConvertTo-SecureString $env:ATLASPS_TEST_CLIENT_SECRET -AsPlainText -Force
    [pscustomobject]@{
        BaseUri              = $env:ATLASPS_TEST_BASE_URL
        OrgId                = $env:ATLASPS_TEST_ORG_ID
        PublicKey            = $env:ATLASPS_TEST_PUBLIC_KEY
        PrivateKey           = $private
        ClientId             = $env:ATLASPS_TEST_CLIENT_ID
        ClientSecret         = $secret
        Credential           = [pscredential]::new($env:ATLASPS_TEST_PUBLIC_KEY, $private)
        ServiceAccountCredential = [pscredential]::new($env:ATLASPS_TEST_CLIENT_ID, $secret)
    }
}

function Connect-AtlasTestEmulator {
    <# Connect-Atlas with the seeded owner API key (digest), or -ServiceAccount for the seeded service account. #>
    [CmdletBinding()]
    param([switch] $ServiceAccount, [switch] $PassThru)
    $e = Get-AtlasTestEmulator
    if ($ServiceAccount) {
        AtlasPS\Connect-Atlas -BaseUri $e.BaseUri -ClientId $e.ClientId -ClientSecret $e.ClientSecret -PassThru:$PassThru -ErrorAction Stop
    }
    else {
        AtlasPS\Connect-Atlas -BaseUri $e.BaseUri -PublicKey $e.PublicKey -PrivateKey $e.PrivateKey -PassThru:$PassThru -ErrorAction Stop
    }
}

function Initialize-AtlasTest {
    <# Imports the module under test into the session (once) and connects with the seeded owner key. -NoConnect: import only. #>
    [CmdletBinding()]
    param([switch] $NoConnect)
    if (-not (Get-Module AtlasPS)) { Import-Module (Get-AtlasTestManifest) -Global -ErrorAction Stop }
    if (-not $NoConnect) { Connect-AtlasTestEmulator }
}

function New-AtlasTestName {
    <# A unique name or description, so files sharing one emulator never see each other's objects. #>
    param([string] $Prefix = 'pester')
    '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 10)
}

function New-AtlasTestApiKey {
    <# An ORG_READ_ONLY (or -Role) key made for one test, with a unique description. #>
    param([string] $Prefix = 'pester', [string[]] $Role = 'ORG_READ_ONLY')
    AtlasPS\New-AtlasApiKey -Description (New-AtlasTestName $Prefix) -Role $Role -ErrorAction Stop -WarningAction SilentlyContinue
}

function New-AtlasTestServiceAccount {
    <# A service account made for one test (its one-time secret is dropped). #>
    param([string] $Prefix = 'pester', [string[]] $Role = 'ORG_READ_ONLY')
    AtlasPS\New-AtlasServiceAccount -Name (New-AtlasTestName $Prefix) -Description 'made by a Pester test' -Role $Role -ErrorAction Stop -WarningAction SilentlyContinue
}

function Get-AtlasTestFakeModulePath { Join-Path $script:RepoRoot 'tests/fakes' }

function Enable-FakeSecretManagement {
    <#
    Puts the SecretManagement test double (tests/fakes) first on PSModulePath, imports it and registers -Vault names.
    Returns nothing; use Get-FakeSecretEntry -Vault V -Name N to look into a vault.
    #>
    param([string[]] $Vault = 'TestVault', [switch] $NoMetadata)
    $fakes = Get-AtlasTestFakeModulePath
    if (($env:PSModulePath -split [IO.Path]::PathSeparator) -notcontains $fakes) {
        $env:PSModulePath = $fakes + [IO.Path]::PathSeparator + $env:PSModulePath
    }
    Import-Module (Join-Path $fakes 'Microsoft.PowerShell.SecretManagement/Microsoft.PowerShell.SecretManagement.psd1') -Global -Force
    Microsoft.PowerShell.SecretManagement\Reset-FakeSecretVault
    foreach ($v in $Vault) { Microsoft.PowerShell.SecretManagement\Register-FakeSecretVault -Name $v -NoMetadata:$NoMetadata }
}

function Invoke-AtlasTestPwsh {
    <#
    Runs a child pwsh (-NoProfile -NonInteractive, stdin closed) on a script file or a command, with extra environment
    variables, and returns ExitCode, Output (stdout) and Errors (stderr). -TimeoutSeconds only guards against a hang.
    #>
    [CmdletBinding(DefaultParameterSetName = 'File')]
    param(
        [Parameter(Mandatory, ParameterSetName = 'File')] [string] $File,
        [Parameter(Mandatory, ParameterSetName = 'Command')] [string] $Command,
        [string[]] $ArgumentList = @(),
        [hashtable] $Environment = @{},
        [int] $TimeoutSeconds = 300
    )
    $psi = [System.Diagnostics.ProcessStartInfo]::new([Environment]::ProcessPath)
    # The pwsh global tool runs as `dotnet pwsh.dll`: start the same.
    if ([IO.Path]::GetFileNameWithoutExtension([Environment]::ProcessPath) -eq 'dotnet') { $psi.ArgumentList.Add([System.Reflection.Assembly]::GetEntryAssembly().Location) }
    $psi.ArgumentList.Add('-NoProfile'); $psi.ArgumentList.Add('-NonInteractive')
    if ($File) { $psi.ArgumentList.Add('-File'); $psi.ArgumentList.Add($File) }
    else { $psi.ArgumentList.Add('-Command'); $psi.ArgumentList.Add($Command) }
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.RedirectStandardInput = $true
    $psi.UseShellExecute = $false
    foreach ($k in @($psi.Environment.Keys)) { if ($k -like 'MONGODB_ATLAS_*') { $null = $psi.Environment.Remove($k) } }
    $psi.Environment['NO_COLOR'] = '1'   # plain text: escape codes would end up in assertion messages and Pester's XML
    foreach ($k in $Environment.Keys) { $psi.Environment[$k] = [string]$Environment[$k] }
    $p = [System.Diagnostics.Process]::Start($psi)
    $p.StandardInput.Close()
    $out = $p.StandardOutput.ReadToEndAsync()
    $err = $p.StandardError.ReadToEndAsync()
    if (-not $p.WaitForExit($TimeoutSeconds * 1000)) {
        $p.Kill($true)
        throw "The child pwsh did not finish within $TimeoutSeconds s (hung?). Output so far: $(if ($out.IsCompleted) { $out.Result })"
    }
    $p.WaitForExit()
    [pscustomobject]@{ ExitCode = $p.ExitCode; Output = $out.Result; Errors = $err.Result }
}

Export-ModuleMember -Function *-*
