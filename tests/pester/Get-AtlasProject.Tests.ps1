# Get-AtlasProject: the organization's projects, by name (wildcards) or id.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}

Describe 'Get-AtlasProject' {
    It 'lists the projects as AtlasPS.Project with their organization' {
        $p = @(Get-AtlasProject)
        $p.Count | Should -BeGreaterOrEqual 3
        $p[0] | Should -BeOfType ([AtlasPS.Project])
        $p.OrgId | Select-Object -Unique | Should -Be $env:ATLASPS_TEST_ORG_ID
    }
    It 'filters by -Name (position 0) with wildcards' {
        $all = @(Get-AtlasProject)
        $first = $all[0].Name
        (Get-AtlasProject $first).Id | Should -Be $all[0].Id
        @(Get-AtlasProject -Name 'Project-*').Count | Should -Be @($all | Where-Object Name -like 'Project-*').Count
    }
    It 'reads by -ProjectId, also from piped objects with a ProjectId property' {
        $p = Get-AtlasProject | Select-Object -First 2
        (Get-AtlasProject -ProjectId $p.Id).Id | Should -Be $p.Id
        ($p | Select-Object ProjectId | Get-AtlasProject).Id | Should -Be $p.Id
    }
    It 'pages with -First and -Skip' {
        $all = @(Get-AtlasProject)
        (Get-AtlasProject -First 1 -Skip 1).Id | Should -Be $all[1].Id
    }
    It 'refuses a malformed project id with InvalidArgument' {
        $err = { Get-AtlasProject -ProjectId 'nope' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
    It 'reports an unknown project as ObjectNotFound' {
        $err = { Get-AtlasProject -ProjectId '0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
