<#
.SYNOPSIS
    Builds, tests, packages and demonstrates AtlasPS.
.DESCRIPTION
    Build    dotnet build of the solution; lays out the module in out/AtlasPS/<version>/.
    Test     dotnet test, then the Pester smoke suite (tests/AtlasPS.Smoke.Tests.ps1) when Pester is installed.
    Package  a .zip and a .nupkg (Save-Module / Install-Module layout) of out/AtlasPS/<version>/ in out/.
    Demo     starts the local Atlas emulator, imports the built module, connects and runs the README quick start.
.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Demo')]
    [string[]] $Task = 'Build',
    [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$version = ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
$moduleDir = Join-Path $root "out/AtlasPS/$version"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Start-Emulator {
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in 'run', '--project', (Join-Path $root 'src/AtlasPS.Emulator'), '--', '--port', '0', '--json') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    $first = $process.StandardOutput.ReadLine()
    if (-not $first) { $process.Kill(); throw 'The emulator did not start.' }
    [pscustomobject]@{ Process = $process; Info = ($first | ConvertFrom-Json) }
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' {
            Invoke-Dotnet build (Join-Path $root 'AtlasPS.sln') -c $Configuration -nodeReuse:false
            Write-Host "Module: $moduleDir"
        }
        'Test' {
            Invoke-Dotnet test (Join-Path $root 'AtlasPS.sln') -c $Configuration --no-build
            if (Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0') {
                $result = Invoke-Pester -Path (Join-Path $root 'tests/AtlasPS.Smoke.Tests.ps1') -Output Detailed -PassThru
                if ($result.FailedCount -gt 0) { throw "$($result.FailedCount) smoke test(s) failed." }
            }
            else { Write-Warning 'Pester 5 is not installed: smoke tests skipped (Install-Module Pester).' }
        }
        'Package' {
            if (-not (Test-Path (Join-Path $moduleDir 'AtlasPS.psd1'))) { throw "Build first: $moduleDir is missing." }
            $zip = Join-Path $root "out/AtlasPS.$version.zip"
            Remove-Item $zip -ErrorAction SilentlyContinue
            Compress-Archive -Path (Join-Path $moduleDir '*') -DestinationPath $zip
            Write-Host "Zip: $zip"
            # A .nupkg as PowerShellGet produces it, through a local file repository.
            $repoName = 'AtlasPSLocal'
            $repoDir = Join-Path $root 'out/repo'
            New-Item -ItemType Directory -Force $repoDir | Out-Null
            if (Get-Command Register-PSResourceRepository -ErrorAction SilentlyContinue) {
                if (-not (Get-PSResourceRepository -Name $repoName -ErrorAction SilentlyContinue)) {
                    Register-PSResourceRepository -Name $repoName -Uri $repoDir -Trusted
                }
                Publish-PSResource -Path $moduleDir -Repository $repoName
                Write-Host "Nupkg: $repoDir"
            }
            else { Write-Warning 'Microsoft.PowerShell.PSResourceGet is not available: only the zip was made.' }
        }
        'Demo' {
            $emulator = Start-Emulator
            try {
                $info = $emulator.Info
                Write-Host "Emulator: $($info.baseUri)"
                Import-Module (Join-Path $moduleDir 'AtlasPS.psd1') -Force
                $private = ConvertTo-SecureString $info.privateKey -AsPlainText -Force
                Connect-Atlas -BaseUri $info.baseUri -PublicKey $info.publicKey -PrivateKey $private

                # The README quick start
                Get-AtlasOrganization | Format-Table
                Get-AtlasProject | Format-Table
                Get-AtlasApiKey | Format-Table
                New-AtlasApiKey -Description 'build server' -Role ORG_READ_ONLY -WhatIf
                Disconnect-Atlas
            }
            finally {
                $emulator.Process.Kill($true)
                $emulator.Process.WaitForExit()
            }
        }
    }
}
