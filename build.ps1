<#
.SYNOPSIS
    Builds, tests, packages and demonstrates AtlasPS.
.DESCRIPTION
    Build    dotnet build of the solution; lays out the module in out/AtlasPS/<version>/.
    Test     dotnet test: xunit, and the Pester files tests/pester/*.Tests.ps1 in a real pwsh (installed into .tools/pwsh).
    Package  Release build, then out/AtlasPS.zip (one top-level folder AtlasPS/, as Azure Automation requires) and
             out/repo/AtlasPS.<version>.nupkg (Publish-PSResource into a local repository); tools/package/New-AtlasPSPackage.ps1.
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
            # The Pester files run inside dotnet test (tests/AtlasPS.Tests/Pwsh/PesterSuiteTests.cs), against its emulator.
            Invoke-Dotnet test (Join-Path $root 'AtlasPS.sln') -c $Configuration
        }
        'Package' {
            # Building the module builder builds AtlasPS for net472 and net8.0 and lays out out/AtlasPS/<version>/.
            Invoke-Dotnet build (Join-Path $root 'tools/AtlasPS.ModuleBuilder') -c Release -nodeReuse:false
            $package = & (Join-Path $root 'tools/package/New-AtlasPSPackage.ps1') -ModuleDirectory $moduleDir -OutputDirectory (Join-Path $root 'out')
            Write-Host "Zip:   $($package.Zip)"
            Write-Host "Nupkg: $($package.Nupkg)"
            Write-Host "Install it: Register-PSResourceRepository -Name AtlasPSLocal -Uri $($package.Repository) -Trusted; Install-PSResource AtlasPS -Repository AtlasPSLocal"
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
