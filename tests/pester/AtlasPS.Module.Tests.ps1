# The module as pwsh imports it: exports, help, re-import, supported versions, and dependency isolation on PowerShell 7
# (bin/net8.0/dependencies load into AtlasPS's own AssemblyLoadContext).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    $manifest = Get-AtlasTestManifest
    $e = Get-AtlasTestEmulator
    $environment = @{ MONGODB_ATLAS_BASE_URL = $e.BaseUri; MONGODB_ATLAS_PUBLIC_API_KEY = $e.PublicKey; MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY }
    $polly81 = if ($env:ATLASPS_TEST_POLLY_8_1) { $env:ATLASPS_TEST_POLLY_8_1 } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/polly.core/8.1.0/lib/net6.0/Polly.Core.dll' }
    # Lists every Polly.Core in the process as "<file version> <load context>".
    $listPolly = "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'Polly.Core' } | ForEach-Object { 'POLLY ' + [Diagnostics.FileVersionInfo]::GetVersionInfo(`$_.Location).FileVersion + ' ' + [Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }"
}

Describe 'AtlasPS in a fresh pwsh' {
    It 'exports exactly the cmdlets of its manifest, and has help' {
        $r = Invoke-AtlasTestPwsh -Command "Import-Module '$manifest'; (Get-Command -Module AtlasPS).Name -join ','; (Get-Help New-AtlasApiKey).Synopsis"
        $r.Errors | Should -BeNullOrEmpty
        $lines = $r.Output.Trim().Split("`n")
        ($lines[0].Trim() -split ',' | Sort-Object) | Should -Be ((Import-PowerShellDataFile $manifest).CmdletsToExport | Sort-Object)
        $lines[1] | Should -Not -BeNullOrEmpty
    }
    It 'can be removed and imported again in one session (Remove-Module; Import-Module -Force)' {
        $r = Invoke-AtlasTestPwsh -Environment $environment -Command "
            `$ErrorActionPreference = 'Stop'
            Import-Module '$manifest'; Connect-Atlas; (Get-AtlasOrganization).Id
            Remove-Module AtlasPS
            Import-Module '$manifest' -Force; Connect-Atlas; (Get-AtlasOrganization).Id
            Import-Module '$manifest' -Force; (Get-Command -Module AtlasPS).Count
            ([AtlasPS.ApiKey]).FullName"
        $r.Errors | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $lines = $r.Output.Trim().Split("`n") | ForEach-Object Trim
        $lines[0] | Should -Be $e.OrgId
        $lines[1] | Should -Be $e.OrgId
        [int]$lines[2] | Should -Be (Import-PowerShellDataFile $manifest).CmdletsToExport.Count
        $lines[3] | Should -Be 'AtlasPS.ApiKey'
    }
    It 'refuses PowerShell 7.0-7.3 with a message naming the supported versions (not a FileLoadException)' {
        $r = Invoke-AtlasTestPwsh -Command "`$PSVersionTable.PSVersion = [version]'7.3.9'; try { Import-Module '$manifest' -ErrorAction Stop } catch { `$_.Exception.GetType().Name; `$_.Exception.Message }; [bool](Get-Module AtlasPS)"
        $r.Output | Should -Match 'PlatformNotSupportedException'
        $r.Output | Should -Match 'Windows PowerShell 5\.1 and PowerShell 7\.4 or later; this is PowerShell 7\.3\.9'
        $r.Output | Should -Not -Match 'FileLoadException'
        $r.Output.Trim().Split("`n")[-1].Trim() | Should -Be 'False'
    }
}

Describe 'Dependency isolation on PowerShell 7' {
    BeforeAll {
        if (-not (Test-Path $polly81)) { throw "Polly.Core 8.1.0 is not restored at $polly81 (dotnet restore tests/AtlasPS.Tests restores it)." }
    }
    It 'works beside a module that loaded an older Polly.Core first; each keeps its own' {
        $r = Invoke-AtlasTestPwsh -Environment $environment -Command "
            `$ErrorActionPreference = 'Stop'
            Add-Type -Path '$polly81'           # another module's Polly.Core 8.1.0, in the default load context
            Import-Module '$manifest'
            Connect-Atlas; (Get-AtlasOrganization).Id
            $listPolly"
        $r.Errors | Should -BeNullOrEmpty
        $lines = $r.Output.Trim().Split("`n") | ForEach-Object Trim
        $lines[0] | Should -Be $e.OrgId
        $polly = $lines | Where-Object { $_ -like 'POLLY *' } | Sort-Object
        $polly.Count | Should -Be 2
        ($polly | Where-Object { $_ -like '* Default' }) | Should -Match '^POLLY 8\.1\.0\.'
        ($polly | Where-Object { $_ -like '* AtlasPS' }) | Should -Match '^POLLY 8\.6\.'
    }
    It 'leaves the default load context free for a module that loads its Polly.Core after AtlasPS' {
        $r = Invoke-AtlasTestPwsh -Environment $environment -Command "
            `$ErrorActionPreference = 'Stop'
            Import-Module '$manifest'
            Connect-Atlas; (Get-AtlasOrganization).Id
            Add-Type -Path '$polly81'; 'LOADED'
            (Get-AtlasProject | Measure-Object).Count
            $listPolly"
        $r.Errors | Should -BeNullOrEmpty
        $r.Output | Should -Match 'LOADED'
        $r.Output | Should -Match 'POLLY 8\.1\.0\.\d+ Default'
    }
}
