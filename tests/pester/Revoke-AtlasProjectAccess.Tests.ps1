# Revoke-AtlasProjectAccess: takes project roles away, or removes the key / service account from projects.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'revoke' -Role ORG_MEMBER
    $projects = @(Get-AtlasProject | Select-Object -First 2)
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Revoke-AtlasProjectAccess' {
    BeforeEach { $projects | Grant-AtlasProjectAccess -ApiKeyId $key.Id -Role GROUP_READ_ONLY, GROUP_DATA_ACCESS_READ_ONLY | Out-Null }

    It 'takes one role away with -Role and returns what is left' {
        $a = Revoke-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id -Role GROUP_DATA_ACCESS_READ_ONLY -Confirm:$false
        $a.Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'removes the key from every piped project without -Role, writing nothing; the key stays in the organization' {
        $projects | Revoke-AtlasProjectAccess -ApiKeyId $key.Id -Confirm:$false | Should -BeNullOrEmpty
        $projects | Get-AtlasProjectAccess | Where-Object ApiKeyId -eq $key.Id | Should -BeNullOrEmpty
        (Get-AtlasApiKey -ApiKeyId $key.Id).Id | Should -Be $key.Id
    }
    It 'revokes nothing with -WhatIf' {
        Revoke-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id -WhatIf
        (Get-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $projects[0].Id).Roles.Count | Should -Be 2
    }
    It 'takes a service account out of a project; it keeps its organization roles' {
        $sa = New-AtlasTestServiceAccount 'revoke'
        try {
            Grant-AtlasProjectAccess -ClientId $sa.ClientId -ProjectId $projects[0].Id -Role GROUP_READ_ONLY | Out-Null
            Get-AtlasProjectAccess -ClientId $sa.ClientId | Revoke-AtlasProjectAccess -Confirm:$false
            Get-AtlasProjectAccess -ClientId $sa.ClientId | Should -BeNullOrEmpty
            (Get-AtlasServiceAccount -ClientId $sa.ClientId).Roles | Should -Be @('ORG_READ_ONLY')
        }
        finally { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false }
    }
}
