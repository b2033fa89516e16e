# Set-AtlasApiKey: replaces a key's description and/or organization roles.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'set-key'
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Set-AtlasApiKey' {
    It 'replaces the roles (not adds to them) and returns the updated key' {
        $k = Set-AtlasApiKey -ApiKeyId $key.Id -Role ORG_MEMBER, ORG_BILLING_READ_ONLY
        $k | Should -BeOfType ([AtlasPS.ApiKey])
        $k.Roles | Sort-Object | Should -Be @('ORG_BILLING_READ_ONLY', 'ORG_MEMBER')
        (Get-AtlasApiKey -ApiKeyId $key.Id).Roles | Sort-Object | Should -Be @('ORG_BILLING_READ_ONLY', 'ORG_MEMBER')
    }
    It 'changes the description and keeps the roles' {
        $d = New-AtlasTestName 'renamed'
        (Set-AtlasApiKey -ApiKeyId $key.Id -Description $d).Description | Should -Be $d
        (Get-AtlasApiKey -ApiKeyId $key.Id).Roles | Should -Contain 'ORG_MEMBER'
    }
    It 'takes the key from the pipeline (Id binds to -ApiKeyId)' {
        (Get-AtlasApiKey -ApiKeyId $key.Id | Set-AtlasApiKey -Role ORG_READ_ONLY).Roles | Should -Be @('ORG_READ_ONLY')
    }
    It 'changes nothing with -WhatIf' {
        Set-AtlasApiKey -ApiKeyId $key.Id -Role ORG_OWNER -WhatIf | Should -BeNullOrEmpty
        (Get-AtlasApiKey -ApiKeyId $key.Id).Roles | Should -Not -Contain 'ORG_OWNER'
    }
    It 'reports an unknown key as AtlasApiKeyNotFound' {
        { Set-AtlasApiKey -ApiKeyId '0123456789abcdef01234567' -Role ORG_READ_ONLY -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasApiKeyNotFound*'
    }
}
