# Get-AtlasConnection: the session's current connection (none before Connect-Atlas).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}
AfterAll { Connect-AtlasTestEmulator }

Describe 'Get-AtlasConnection' {
    It 'returns the connection: base URI, identity, organization, no secret' {
        $c = Get-AtlasConnection
        $c | Should -BeOfType ([AtlasPS.AtlasConnection])
        $c.BaseUri.ToString().TrimEnd('/') | Should -Be $env:ATLASPS_TEST_BASE_URL.TrimEnd('/')
        $c.Identity | Should -Be $env:ATLASPS_TEST_PUBLIC_KEY
        $c.OrganizationId | Should -Be $env:ATLASPS_TEST_ORG_ID
        ($c | Format-List * | Out-String) + ($c | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue) | Should -Not -Match ([regex]::Escape($env:ATLASPS_TEST_PRIVATE_KEY))
    }
    It 'returns nothing (and no error) when not connected' {
        Disconnect-Atlas
        Get-AtlasConnection -ErrorVariable e | Should -BeNullOrEmpty
        $e | Should -BeNullOrEmpty
    }
    It 'is per runspace: a new runspace starts unconnected' {
        Connect-AtlasTestEmulator
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$(Get-AtlasTestManifest)'; Get-AtlasConnection")
            $ps.Invoke() | Should -BeNullOrEmpty
        }
        finally { $ps.Dispose() }
        Get-AtlasConnection | Should -Not -BeNullOrEmpty
    }
    It 'is the connection another command accepts with -Connection' {
        $c = Get-AtlasConnection
        (Get-AtlasOrganization -Connection $c).Id | Should -Be $env:ATLASPS_TEST_ORG_ID
    }
}
