# Get-AtlasOrganization: the organizations the credential can see (one, for an organization key).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $orgId = $env:ATLASPS_TEST_ORG_ID
}

Describe 'Get-AtlasOrganization' {
    It 'lists the organization of the connection as AtlasPS.Organization' {
        $orgs = @(Get-AtlasOrganization)
        $orgs.Id | Should -Contain $orgId
        $orgs[0] | Should -BeOfType ([AtlasPS.Organization])
        $orgs[0].Name | Should -Not -BeNullOrEmpty
    }
    It 'finds by -Name with wildcards and returns nothing for a name that matches none' {
        $name = (Get-AtlasOrganization -OrganizationId $orgId).Name
        (Get-AtlasOrganization -Name ($name.Substring(0, 3) + '*')).Id | Should -Contain $orgId
        Get-AtlasOrganization -Name 'no-such-organization-*' | Should -BeNullOrEmpty
    }
    It 'reads by -OrganizationId (alias -OrgId) and from the pipeline by property name' {
        (Get-AtlasOrganization -OrgId $orgId).Id | Should -Be $orgId
        ([pscustomobject]@{ OrganizationId = $orgId } | Get-AtlasOrganization).Id | Should -Be $orgId
        (Get-AtlasProject | Select-Object -First 1 | Get-AtlasOrganization).Id | Should -Be $orgId
    }
    It 'refuses a malformed id before sending anything' {
        { Get-AtlasOrganization -OrganizationId 'not-an-id' -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasInvalidOrganizationId*'
    }
    It 'reports an unknown organization as ObjectNotFound and goes on with the next id' {
        $out = Get-AtlasOrganization -OrganizationId '0123456789abcdef01234567', $orgId -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be $orgId
        $errs.Count | Should -Be 1
        $errs[0].CategoryInfo.Category | Should -BeIn 'ObjectNotFound', 'PermissionDenied'
    }
    It 'supports paging parameters' {
        @(Get-AtlasOrganization -First 1).Count | Should -Be 1
    }
}
