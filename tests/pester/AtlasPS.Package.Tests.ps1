# The packages: AtlasPS.zip in the layout Azure Automation requires, and a .nupkg that PSResourceGet installs from a
# local repository (tools/package/New-AtlasPSPackage.ps1, also used by build.ps1 -Task Package). Packs the module of
# this build; PSResourceGet's settings and installs go to a throwaway home folder, not the user's.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    $moduleDir = Split-Path (Get-AtlasTestManifest) -Parent
    $work = Join-Path ([IO.Path]::GetTempPath()) ('atlasps-package-test-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory $work
    # PSResourceGet keeps repositories and CurrentUser modules under the user's data folder: point it elsewhere.
    # (PSResourceGet installs under $HOME/.local/share, pwsh looks in $XDG_DATA_HOME: keep them the same folder.)
    $home2 = Join-Path $work 'home'
    # .NET answers "" for a user folder that does not exist, and PSResourceGet then writes its settings into the current directory.
    $null = New-Item -ItemType Directory -Force (Join-Path $home2 '.local/share'), (Join-Path $home2 '.config'), (Join-Path $home2 'AppData/Local')
    $isolated = @{ HOME = $home2; XDG_DATA_HOME = (Join-Path $home2 '.local/share'); XDG_CONFIG_HOME = (Join-Path $home2 '.config'); LOCALAPPDATA = (Join-Path $home2 'AppData/Local'); USERPROFILE = $home2 }
    $script = Join-Path (Get-AtlasTestRepoRoot) 'tools/package/New-AtlasPSPackage.ps1'
    $r = Invoke-AtlasTestPwsh -Command "& '$script' -ModuleDirectory '$moduleDir' -OutputDirectory '$work/out' -RepositoryName AtlasPSTest | ConvertTo-Json -Compress" -Environment $isolated
    if ($r.ExitCode -ne 0) { throw "packaging failed: $($r.Errors) $($r.Output)" }
    $package = $r.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
}
AfterAll { Remove-Item $work -Recurse -Force -ErrorAction SilentlyContinue }

Describe 'AtlasPS.zip' {
    It 'is named AtlasPS.zip and holds only the folder AtlasPS/, with AtlasPS.psd1 directly inside' {
        Split-Path $package.Zip -Leaf | Should -Be 'AtlasPS.zip'
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $z = [System.IO.Compression.ZipFile]::OpenRead($package.Zip)
        try {
            $names = $z.Entries.FullName -replace '\\', '/'
            ($names | ForEach-Object { $_.Split('/')[0] } | Select-Object -Unique) | Should -Be 'AtlasPS'
            $names | Should -Contain 'AtlasPS/AtlasPS.psd1'
            $names | Should -Contain 'AtlasPS/bin/net472/AtlasPS.dll'
            $names | Should -Contain 'AtlasPS/bin/net8.0/AtlasPS.dll'
            $names | Should -Not -Match '\.pdb$'
        }
        finally { $z.Dispose() }
    }
    It 'imports from its extracted folder, as Azure Automation does' {
        $x = Join-Path $work 'unzipped'
        Expand-Archive $package.Zip -DestinationPath $x
        $r = Invoke-AtlasTestPwsh -Command "Import-Module '$x/AtlasPS'; (Get-Module AtlasPS).Version.ToString()"
        $r.Errors | Should -BeNullOrEmpty
        $r.Output.Trim() | Should -Be (Import-PowerShellDataFile (Get-AtlasTestManifest)).ModuleVersion
    }
}

Describe 'The nupkg' {
    It 'was published by Publish-PSResource into the local repository' {
        Test-Path $package.Nupkg | Should -BeTrue
        Split-Path $package.Nupkg -Leaf | Should -Match '^AtlasPS\.\d+\.\d+\.\d+\.nupkg$'
    }
    It 'installs with Install-PSResource from the registered repository, and the installed module works in a fresh pwsh' {
        $e = Get-AtlasTestEmulator
        $env2 = $isolated + @{ MONGODB_ATLAS_BASE_URL = $e.BaseUri; MONGODB_ATLAS_PUBLIC_API_KEY = $e.PublicKey; MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY }
        $install = Invoke-AtlasTestPwsh -Environment $env2 -Command "
            `$ErrorActionPreference = 'Stop'
            Register-PSResourceRepository -Name AtlasPSTest -Uri '$($package.Repository)' -Trusted
            Install-PSResource AtlasPS -Repository AtlasPSTest -Scope CurrentUser -PassThru | ForEach-Object { `$_.Name + ' ' + `$_.Version }"
        $install.Errors | Should -BeNullOrEmpty
        $install.Output | Should -Match 'AtlasPS \d+\.\d+\.\d+'

        # A new process finds it by name on PSModulePath, like any installed module.
        $use = Invoke-AtlasTestPwsh -Environment $env2 -Command "
            `$ErrorActionPreference = 'Stop'
            Import-Module AtlasPS
            (Get-Module AtlasPS).ModuleBase
            Connect-Atlas; (Get-AtlasOrganization).Id"
        $use.Errors | Should -BeNullOrEmpty
        $lines = $use.Output.Trim().Split("`n") | ForEach-Object Trim
        $lines[0] | Should -BeLike "$work*"
        $lines[1] | Should -Be $e.OrgId
    }
}
