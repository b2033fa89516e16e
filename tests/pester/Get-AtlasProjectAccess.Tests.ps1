# Get-AtlasProjectAccess: who (API keys and service accounts) has which roles in projects.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'access-get' -Role ORG_MEMBER
    $projects = @(Get-AtlasProject | Select-Object -First 2)
    $projects | Grant-AtlasProjectAccess -ApiKeyId $key.Id -Role GROUP_READ_ONLY | Out-Null
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Get-AtlasProjectAccess' {
    It 'lists the principals of a project, the key among them' {
        $a = @(Get-AtlasProjectAccess -ProjectId $projects[0].Id)
        $a[0] | Should -BeOfType ([AtlasPS.ProjectAccess])
        ($a | Where-Object ApiKeyId -eq $key.Id).Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'reads a key''s roles in the -ProjectId projects with -ApiKeyId' {
        (Get-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects.Id).ProjectId | Should -Be $projects.Id
    }
    It 'lists every project the key is in when -ApiKeyId comes without -ProjectId (as -ClientId does)' {
        Grant-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id -Role GROUP_READ_ONLY | Out-Null
        $out = Get-AtlasProjectAccess -ApiKeyId $key.Id
        $out.ProjectId | Should -Contain $projects[0].Id
        $out | ForEach-Object { $_.ApiKeyId | Should -Be $key.Id }
    }
    It 'takes projects from the pipeline' {
        $out = $projects | Get-AtlasProjectAccess -ApiKeyId $key.Id
        $out.ProjectId | Should -Be $projects.Id
    }
    It 'lists a service account''s projects with -ClientId' {
        $sa = New-AtlasTestServiceAccount 'access-get'
        try {
            Grant-AtlasProjectAccess -ClientId $sa.ClientId -ProjectId $projects[0].Id -Role GROUP_READ_ONLY | Out-Null
            (Get-AtlasProjectAccess -ClientId $sa.ClientId).ProjectId | Should -Be $projects[0].Id
        }
        finally { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false }
    }
    It 'reports an unknown project as ObjectNotFound' {
        $err = { Get-AtlasProjectAccess -ProjectId '0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
