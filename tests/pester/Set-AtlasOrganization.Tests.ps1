# Set-AtlasOrganization: renames the organization (the connection's, or -OrganizationId).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $original = (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID).Name
}
AfterAll { Set-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID -Name $original | Out-Null }

Describe 'Set-AtlasOrganization' {
    It 'renames the connection''s organization and returns it' {
        $name = New-AtlasTestName 'renamed-org'
        $o = Set-AtlasOrganization -Name $name
        $o | Should -BeOfType ([AtlasPS.Organization])
        $o.Name | Should -Be $name
        (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID).Name | Should -Be $name
    }
    It 'takes the organization from the pipeline' {
        $name = New-AtlasTestName 'piped-org'
        (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID | Set-AtlasOrganization -Name $name).Name | Should -Be $name
    }
    It 'changes nothing with -WhatIf' {
        $before = (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID).Name
        Set-AtlasOrganization -Name 'never-applied' -WhatIf | Should -BeNullOrEmpty
        (Get-AtlasOrganization -OrganizationId $env:ATLASPS_TEST_ORG_ID).Name | Should -Be $before
    }
    It 'refuses an invalid name before any request' {
        $err = { Set-AtlasOrganization -Name 'no spaces allowed' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
