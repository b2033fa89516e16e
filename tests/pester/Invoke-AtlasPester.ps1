<#
.SYNOPSIS
    Runs the Pester files tests/pester/*.Tests.ps1 against the AtlasPS emulator and writes the results.
.DESCRIPTION
    `dotnet test AtlasPS.sln` runs this script in a real pwsh (tests/AtlasPS.Tests/Pwsh/PesterSuiteTests.cs) with an
    emulator it started and the ATLASPS_TEST_* variables set. Run by hand, it starts the emulator itself
    (dotnet run --project src/AtlasPS.Emulator) when ATLASPS_TEST_BASE_URL is not set:
        pwsh tests/pester/Invoke-AtlasPester.ps1                       # every file
        pwsh tests/pester/Invoke-AtlasPester.ps1 -Path tests/pester/Get-AtlasApiKey.Tests.ps1
    Writes <ResultDirectory>/pester.xml (NUnit) and <ResultDirectory>/pester-summary.txt
    ("passed=N failed=N skipped=N ..."), which .ci/run adds to its closing line. Exit code 0 only when nothing failed.
#>
[CmdletBinding()]
param(
    [string[]] $Path = $PSScriptRoot,
    [string] $PesterManifest,
    [string] $ResultDirectory = [System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'out', 'test-results')
)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'   # no escape codes in messages (they are invalid in the NUnit XML)
if ($PesterManifest) { Import-Module $PesterManifest -Force }
else {
    $restored = Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages/pester/5.7.1/tools/Pester.psd1'
    if ($env:NUGET_PACKAGES) { $restored = Join-Path $env:NUGET_PACKAGES 'pester/5.7.1/tools/Pester.psd1' }
    if (Test-Path $restored) { Import-Module $restored -Force } else { Import-Module Pester -MinimumVersion 5.5 -Force }
}

Import-Module (Join-Path $PSScriptRoot 'AtlasPS.TestHelpers.psm1') -Force
$emulator = Start-AtlasTestEmulator   # $null when the caller (dotnet test) already started one

try {
    $null = New-Item -ItemType Directory -Force $ResultDirectory
    $config = New-PesterConfiguration
    $config.Run.Path = @($Path | ForEach-Object { $_ -split ',' })   # pwsh -File passes a list as one string
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $config.Output.RenderMode = 'Plaintext'
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = Join-Path $ResultDirectory 'pester.xml'
    $result = Invoke-Pester -Configuration $config
    if (-not $result) { throw 'Invoke-Pester returned no result.' }

    # A failed BeforeAll or a file that does not parse fails its Its without counting them: count those too.
    $failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
    "passed=$($result.PassedCount) failed=$failed skipped=$($result.SkippedCount) notrun=$($result.NotRunCount) total=$($result.TotalCount)" |
        Set-Content -Path (Join-Path $ResultDirectory 'pester-summary.txt') -Encoding utf8
    exit ([int]($failed -gt 0))
}
finally {
    if ($emulator) { Stop-AtlasTestEmulator $emulator }
}
