# Remove-AtlasOrganization: deletes an organization that has no projects left. Asks first.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    function New-DisposableOrganization {
        # A new organization and a connection to it as its own first key.
        $r = New-AtlasOrganization -Name (New-AtlasTestName 'org-remove') -ApiKeyDescription 'owner' -ApiKeyRole ORG_OWNER -WarningAction SilentlyContinue
        $c = Connect-Atlas -BaseUri $env:ATLASPS_TEST_BASE_URL -PublicKey $r.ApiKey.PublicKey -PrivateKey $r.ApiKey.PrivateKey -PassThru
        Connect-AtlasTestEmulator
        [pscustomobject]@{ Id = $r.Organization.Id; Connection = $c }
    }
}
AfterAll { Connect-AtlasTestEmulator }

Describe 'Remove-AtlasOrganization' {
    It 'deletes an empty organization with -Confirm:$false and writes nothing' {
        $org = New-DisposableOrganization
        Remove-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection -Confirm:$false | Should -BeNullOrEmpty
        { Get-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection -ErrorAction Stop } | Should -Throw
    }
    It 'deletes nothing with -WhatIf' {
        $org = New-DisposableOrganization
        Remove-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection -WhatIf
        (Get-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection).Id | Should -Be $org.Id
    }
    It 'takes the organization from the pipeline (Id binds to -OrganizationId)' {
        $org = New-DisposableOrganization
        Get-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection | Remove-AtlasOrganization -Connection $org.Connection -Confirm:$false
        { Get-AtlasOrganization -OrganizationId $org.Id -Connection $org.Connection -ErrorAction Stop } | Should -Throw
    }
    It 'refuses an organization that still has projects (ResourceExists), leaving it alone' {
        $err = { Remove-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -BeIn 'ResourceExists', 'InvalidOperation'
        (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID).Id | Should -Be $env:ATLASPS_TEST_ORG_ID
    }
}
