# Pester 5 smoke tests: the built module in a real PowerShell, against the local emulator.
# Run with ./build.ps1 -Task Build, Test (needs pwsh and Pester 5).
BeforeAll {
    $root = Split-Path $PSScriptRoot -Parent
    $version = ([xml](Get-Content -Raw (Join-Path $root 'Directory.Build.props'))).Project.PropertyGroup.Version | Select-Object -First 1
    $manifest = Join-Path $root "out/AtlasPS/$version/AtlasPS.psd1"
    Import-Module $manifest -Force

    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in 'run', '--project', (Join-Path $root 'src/AtlasPS.Emulator'), '--', '--port', '0', '--json') { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.UseShellExecute = $false
    $script:emulator = [System.Diagnostics.Process]::Start($psi)
    $script:info = $script:emulator.StandardOutput.ReadLine() | ConvertFrom-Json
}

AfterAll {
    Disconnect-Atlas -ErrorAction SilentlyContinue
    if ($script:emulator) { $script:emulator.Kill($true); $script:emulator.WaitForExit() }
    Remove-Module AtlasPS -ErrorAction SilentlyContinue
}

Describe 'AtlasPS module' {
    It 'exports the cmdlets of its manifest' {
        $expected = (Import-PowerShellDataFile $manifest).CmdletsToExport
        (Get-Command -Module AtlasPS).Count | Should -Be $expected.Count
        $expected.Count | Should -BeGreaterThan 0
    }

    It 'has help from the MAML file' {
        (Get-Help New-AtlasApiKey).Synopsis | Should -Not -BeNullOrEmpty
    }

    It 'connects to the emulator with an API key' {
        $private = ConvertTo-SecureString $info.privateKey -AsPlainText -Force
        { Connect-Atlas -BaseUri $info.baseUri -PublicKey $info.publicKey -PrivateKey $private } | Should -Not -Throw
    }

    It 'reads the organization' {
        $org = Get-AtlasOrganization
        $org.Id | Should -Contain $info.orgId
    }

    It 'creates nothing with -WhatIf' {
        $before = @(Get-AtlasApiKey).Count
        New-AtlasApiKey -Description 'smoke test' -Role ORG_READ_ONLY -WhatIf
        @(Get-AtlasApiKey).Count | Should -Be $before
    }
}
