# Remove-AtlasAccessListEntry: takes addresses off a key's or service account's access list.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'acl-remove'
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Remove-AtlasAccessListEntry' {
    BeforeEach { Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress 203.0.113.40, 203.0.113.41 -CidrBlock 198.51.100.0/24 | Out-Null }

    It 'removes one entry by -Entry and writes nothing' {
        Remove-AtlasAccessListEntry -ApiKeyId $key.Id -Entry 203.0.113.40 -Confirm:$false | Should -BeNullOrEmpty
        (Get-AtlasAccessListEntry -ApiKeyId $key.Id).IpAddress | Should -Not -Contain '203.0.113.40'
    }
    It 'empties the list when entries are piped from Get-AtlasAccessListEntry, CIDR blocks included' {
        Get-AtlasAccessListEntry -ApiKeyId $key.Id | Remove-AtlasAccessListEntry -Confirm:$false
        Get-AtlasAccessListEntry -ApiKeyId $key.Id | Should -BeNullOrEmpty
    }
    It 'removes nothing with -WhatIf' {
        Remove-AtlasAccessListEntry -ApiKeyId $key.Id -Entry 203.0.113.41 -WhatIf
        (Get-AtlasAccessListEntry -ApiKeyId $key.Id).IpAddress | Should -Contain '203.0.113.41'
    }
    It 'reports an entry that is not on the list as ObjectNotFound' {
        $err = { Remove-AtlasAccessListEntry -ApiKeyId $key.Id -Entry 192.0.2.250 -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
    It 'accepts -IpAddress and -CidrBlock as aliases of -Entry' {
        (Get-Command Remove-AtlasAccessListEntry).Parameters.Entry.Aliases | Should -Be @('IpAddress', 'CidrBlock')
    }
}
