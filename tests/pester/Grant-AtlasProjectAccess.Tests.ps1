# Grant-AtlasProjectAccess: gives an API key or a service account roles in projects.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'grant' -Role ORG_MEMBER
    $projects = @(Get-AtlasProject)
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Grant-AtlasProjectAccess' {
    It 'needs -Role, and -ApiKeyId or -ClientId (without either, the default set says so)' {
        (Get-Command Grant-AtlasProjectAccess).ParameterSets.Name | Should -Be @('NoPrincipal', 'ApiKey', 'ServiceAccount')
        { Grant-AtlasProjectAccess -ProjectId $projects[0].Id -Role GROUP_READ_ONLY -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasPrincipalMissing*'
    }
    It 'grants roles in one project and returns AtlasPS.ProjectAccess' {
        $a = Grant-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id -Role GROUP_READ_ONLY
        $a | Should -BeOfType ([AtlasPS.ProjectAccess])
        $a.ProjectId | Should -Be $projects[0].Id
        $a.Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'grants in every piped project, output in input order' {
        $out = $projects | Grant-AtlasProjectAccess -ApiKeyId $key.Id -Role GROUP_READ_ONLY
        $out.ProjectId | Should -Be $projects.Id
    }
    It 'grants a service account piped from Get-AtlasServiceAccount' {
        $sa = New-AtlasTestServiceAccount 'grant'
        try {
            $a = $sa | Grant-AtlasProjectAccess -ProjectId $projects[1].Id -Role GROUP_READ_ONLY
            $a.ClientId | Should -Be $sa.ClientId
            $a.PrincipalType | Should -Be 'ServiceAccount'
        }
        finally { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false }
    }
    It 'grants nothing with -WhatIf' {
        $other = New-AtlasTestApiKey 'grant-whatif'
        Grant-AtlasProjectAccess -ApiKeyId $other.Id -ProjectId $projects[0].Id -Role GROUP_OWNER -WhatIf | Should -BeNullOrEmpty
        Get-AtlasProjectAccess -ProjectId $projects[0].Id | Where-Object ApiKeyId -eq $other.Id | Should -BeNullOrEmpty
        Remove-AtlasApiKey -ApiKeyId $other.Id -Confirm:$false
    }
    It 'refuses an organization role as a project role before any request' {
        $err = { Grant-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id -Role ORG_OWNER -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
