# Set-AtlasProjectAccess: replaces a key's or service account's roles in projects it is assigned to.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'access-set' -Role ORG_MEMBER
    $project = Get-AtlasProject | Select-Object -First 1
    Grant-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $project.Id -Role GROUP_READ_ONLY, GROUP_DATA_ACCESS_READ_ONLY | Out-Null
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Set-AtlasProjectAccess' {
    It 'replaces the roles and returns the new access' {
        $a = Set-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $project.Id -Role GROUP_OWNER
        $a.Roles | Should -Be @('GROUP_OWNER')
        (Get-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $project.Id).Roles | Should -Be @('GROUP_OWNER')
    }
    It 'takes projects from the pipeline' {
        ($project | Set-AtlasProjectAccess -ApiKeyId $key.Id -Role GROUP_READ_ONLY).Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'changes nothing with -WhatIf' {
        Set-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $project.Id -Role GROUP_OWNER -WhatIf | Should -BeNullOrEmpty
        (Get-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $project.Id).Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'reports a project the key is not in as an error for that project' {
        $other = Get-AtlasProject | Where-Object Id -ne $project.Id | Select-Object -First 1
        { Set-AtlasProjectAccess -ApiKeyId $key.Id -ProjectId $other.Id -Role GROUP_READ_ONLY -ErrorAction Stop } | Should -Throw
    }
}
