# A runbook-shaped script (runbooks/New-CostToolKey.ps1) in `pwsh -NonInteractive -File`, credentials in MONGODB_ATLAS_*,
# the vault a SecretManagement test double that behaves like the real one (tests/fakes).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $runbook = Join-Path $PSScriptRoot 'runbooks/New-CostToolKey.ps1'
    $e = Get-AtlasTestEmulator
    $environment = @{
        MONGODB_ATLAS_BASE_URL = $e.BaseUri; MONGODB_ATLAS_PUBLIC_API_KEY = $e.PublicKey; MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY
        PSModulePath = (Get-AtlasTestFakeModulePath) + [IO.Path]::PathSeparator + $env:PSModulePath
        ATLASPS_FAKE_VAULTS = 'RunbookVault'
    }
}

Describe 'A runbook in a non-interactive pwsh' {
    It 'connects, creates a key into the vault, adds addresses, grants projects and removes the key' {
        $r = Invoke-AtlasTestPwsh -File $runbook -ArgumentList '-ModulePath', (Get-AtlasTestManifest) -Environment $environment
        $r.Errors | Should -BeNullOrEmpty
        $r.ExitCode | Should -Be 0
        $done = $r.Output.Trim().Split("`n")[-1] | ConvertFrom-Json
        $done.StoredIn | Should -Be 'RunbookVault/atlas-cost-tool'
        $done.PrivateKeyShown | Should -BeFalse
        $done.Entries | Sort-Object | Should -Be @('127.0.0.1/32', '198.51.100.0/24', '203.0.113.80/32')
        $done.Projects | Sort-Object | Should -Be ((Get-AtlasProject).Id | Sort-Object)
        $done.SignedInAs | Should -Be $done.PublicKey
        $done.OrgAsKey | Should -Be $e.OrgId
        Get-AtlasApiKey -ApiKeyId $done.KeyId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $r.Output | Should -Not -Match ([regex]::Escape($env:ATLASPS_TEST_PRIVATE_KEY))
    }
    It 'fails fast on a High-impact removal without -Confirm:$false instead of waiting for an answer' {
        $r = Invoke-AtlasTestPwsh -File $runbook -ArgumentList '-ModulePath', (Get-AtlasTestManifest), '-OmitConfirm' -Environment $environment -TimeoutSeconds 240
        $r.ExitCode | Should -Not -Be 0
        $r.Errors | Should -Match 'NonInteractive'
        $left = @(Get-AtlasApiKey -Description 'cost-tool runbook *')
        $left.Count | Should -Be 1          # the removal never happened: the key is still there
        $left | Remove-AtlasApiKey -Confirm:$false
    }
}
