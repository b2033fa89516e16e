# Add-AtlasAccessListEntry: lets an API key or a service account be used from IP addresses or CIDR blocks.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'acl-add'
    $sa = New-AtlasTestServiceAccount 'acl-add'
}
AfterAll {
    Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue
    Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'Add-AtlasAccessListEntry' {
    It 'adds addresses and CIDR blocks to a key and returns the new entries' {
        $out = Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress 203.0.113.20 -CidrBlock 198.51.100.0/24
        $out | Should -BeOfType ([AtlasPS.AccessListEntry])
        $out.CidrBlock | Sort-Object | Should -Be @('198.51.100.0/24', '203.0.113.20/32')
        $out.PrincipalType | Select-Object -Unique | Should -Be 'ApiKey'
    }
    It 'takes the key from the pipeline (a key object binds -ApiKeyId)' {
        $out = Get-AtlasApiKey -ApiKeyId $key.Id | Add-AtlasAccessListEntry -IpAddress 203.0.113.21
        $out.ApiKeyId | Should -Be $key.Id
    }
    It 'adds to a service account with -ClientId, also from the pipeline' {
        $out = $sa | Add-AtlasAccessListEntry -IpAddress 2001:db8::7
        $out.PrincipalType | Should -Be 'ServiceAccount'
        $out.ClientId | Should -Be $sa.ClientId
        (Get-AtlasAccessListEntry -ClientId $sa.ClientId).IpAddress | Should -Contain '2001:db8::7'
    }
    It 'is a no-op for an entry that is already there' {
        Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress 203.0.113.20 | Out-Null
        @(Get-AtlasAccessListEntry -ApiKeyId $key.Id | Where-Object IpAddress -eq '203.0.113.20').Count | Should -Be 1
    }
    It 'adds nothing with -WhatIf' {
        Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress 192.0.2.99 -WhatIf | Should -BeNullOrEmpty
        (Get-AtlasAccessListEntry -ApiKeyId $key.Id).IpAddress | Should -Not -Contain '192.0.2.99'
    }
    It 'refuses a malformed address before any request, saying what is wrong' {
        $err = { Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress '300.1.1.1' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '300\.1\.1\.1'
    }
}
