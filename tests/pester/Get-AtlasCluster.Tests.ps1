# Get-AtlasCluster: clusters of every project (or of -ProjectId / piped projects), for inventory and cost tools.
# The emulator cannot create clusters through the API: the test runner seeds one (ATLASPS_TEST_SEEDED).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $projects = @(Get-AtlasProject)
}

Describe 'Get-AtlasCluster' {
    It 'lists clusters across projects as AtlasPS.Cluster' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        $c = @(Get-AtlasCluster) | Where-Object Name -eq 'pester-cluster'
        $c | Should -BeOfType ([AtlasPS.Cluster])
    }
    It 'reads the clusters of piped projects' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        (@($projects | Get-AtlasCluster) | Where-Object Name -eq 'pester-cluster').Name | Should -Be 'pester-cluster'
    }
    It 'returns nothing for a project without clusters' {
        $empty = $projects | Where-Object ClusterCount -eq 0 | Select-Object -First 1
        Get-AtlasCluster -ProjectId $empty.Id | Should -BeNullOrEmpty
    }
    It 'reports an unknown project as ObjectNotFound' {
        $err = { Get-AtlasCluster -ProjectId '0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
