# Get-AtlasAccessListEntry: the IP access list of an API key or a service account.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'acl-get'
    Add-AtlasAccessListEntry -ApiKeyId $key.Id -IpAddress 203.0.113.30, 203.0.113.31 -CidrBlock 198.51.100.0/24 | Out-Null
}
AfterAll { Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Get-AtlasAccessListEntry' {
    It 'lists the entries of a key as AtlasPS.AccessListEntry' {
        $e = @(Get-AtlasAccessListEntry -ApiKeyId $key.Id)
        $e.Count | Should -Be 3
        $e[0] | Should -BeOfType ([AtlasPS.AccessListEntry])
        $e.ApiKeyId | Select-Object -Unique | Should -Be $key.Id
        $e.Entry | Should -Contain '198.51.100.0/24'
    }
    It 'takes keys from the pipeline' {
        @(Get-AtlasApiKey -ApiKeyId $key.Id | Get-AtlasAccessListEntry).Count | Should -Be 3
    }
    It 'reads a service account''s list with -ClientId' {
        $sa = New-AtlasTestServiceAccount 'acl-get'
        try {
            Get-AtlasAccessListEntry -ClientId $sa.ClientId | Should -BeNullOrEmpty
            Add-AtlasAccessListEntry -ClientId $sa.ClientId -IpAddress 192.0.2.5 | Out-Null
            (Get-AtlasAccessListEntry -ClientId $sa.ClientId).IpAddress | Should -Be '192.0.2.5'
        }
        finally { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false }
    }
    It 'pages with -First' {
        @(Get-AtlasAccessListEntry -ApiKeyId $key.Id -First 2).Count | Should -Be 2
    }
    It 'needs -ApiKeyId or -ClientId' {
        { Get-AtlasAccessListEntry -ErrorAction Stop } | Should -Throw
    }
    It 'reports an unknown key as ObjectNotFound' {
        $err = { Get-AtlasAccessListEntry -ApiKeyId '0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
