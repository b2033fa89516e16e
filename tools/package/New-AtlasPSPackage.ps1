<#
.SYNOPSIS
    Packages a laid-out module (out/AtlasPS/<version>/) as AtlasPS.zip and as a .nupkg in a local repository.
.DESCRIPTION
    AtlasPS.zip: its only top-level entry is the folder AtlasPS/ holding AtlasPS.psd1, because Azure Automation
    requires the zip name, the folder name and the manifest name to match (upload it as a module of the runtime
    environment, 5.1 or 7.x).
    <OutputDirectory>/repo/AtlasPS.<version>.nupkg: made by Publish-PSResource (PSResourceGet, in the box with
    PowerShell 7.4+) into a local file repository, from which `Install-PSResource AtlasPS -Repository <name>` installs.
    The repository is registered under -RepositoryName for the publish only, unless it was registered already.
    Used by build.ps1 -Task Package and by tests/pester/AtlasPS.Package.Tests.ps1.
.OUTPUTS
    An object with Zip, Nupkg and Repository (the folder).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModuleDirectory,
    [Parameter(Mandatory)] [string] $OutputDirectory,
    [string] $RepositoryName = 'AtlasPSLocal'
)
$ErrorActionPreference = 'Stop'
$ModuleDirectory = (Resolve-Path $ModuleDirectory).Path
if (-not (Test-Path (Join-Path $ModuleDirectory 'AtlasPS.psd1'))) { throw "No AtlasPS.psd1 in ${ModuleDirectory}: build first (dotnet build AtlasPS.sln)." }
$null = New-Item -ItemType Directory -Force $OutputDirectory
$OutputDirectory = (Resolve-Path $OutputDirectory).Path
$version = (Import-PowerShellDataFile (Join-Path $ModuleDirectory 'AtlasPS.psd1')).ModuleVersion

# 1. AtlasPS.zip with AtlasPS/ as its only top-level entry.
$staging = Join-Path ([IO.Path]::GetTempPath()) ("atlasps-package-" + [guid]::NewGuid().ToString('N'))
try {
    $folder = Join-Path $staging 'AtlasPS'
    $null = New-Item -ItemType Directory -Force $folder
    Copy-Item -Path (Join-Path $ModuleDirectory '*') -Destination $folder -Recurse
    Get-ChildItem $folder -Recurse -Filter *.pdb | Remove-Item
    $zip = Join-Path $OutputDirectory 'AtlasPS.zip'
    Remove-Item $zip -ErrorAction SilentlyContinue
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::CreateFromDirectory($folder, $zip, [System.IO.Compression.CompressionLevel]::Optimal, $true)

    # 2. The .nupkg, through a local file repository.
    $repo = Join-Path $OutputDirectory 'repo'
    $null = New-Item -ItemType Directory -Force $repo
    Remove-Item (Join-Path $repo "AtlasPS.$version.nupkg") -ErrorAction SilentlyContinue
    $registered = Get-PSResourceRepository -Name $RepositoryName -ErrorAction SilentlyContinue
    if (-not $registered) { Register-PSResourceRepository -Name $RepositoryName -Uri $repo -Trusted }
    elseif ($registered.Uri.LocalPath.TrimEnd('/\') -ne $repo.TrimEnd('/\')) { throw "Repository $RepositoryName is registered for $($registered.Uri), not ${repo}: pass -RepositoryName." }
    try { Publish-PSResource -Path $folder -Repository $RepositoryName }
    finally { if (-not $registered) { Unregister-PSResourceRepository -Name $RepositoryName } }
}
finally { Remove-Item $staging -Recurse -Force -ErrorAction SilentlyContinue }

[pscustomobject]@{ Zip = $zip; Nupkg = (Join-Path $repo "AtlasPS.$version.nupkg"); Repository = $repo }
