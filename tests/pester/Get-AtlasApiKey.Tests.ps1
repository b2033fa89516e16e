# Get-AtlasApiKey: the organization's API keys, by description (wildcards), id or public key.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $prefix = New-AtlasTestName 'get-key'
    $keys = foreach ($n in 1..3) { New-AtlasApiKey -Description "$prefix-$n" -Role ORG_READ_ONLY -WarningAction SilentlyContinue }
}
AfterAll { $keys | Remove-AtlasApiKey -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Get-AtlasApiKey' {
    It 'lists every key as AtlasPS.ApiKey, the private key masked and never readable' {
        $all = @(Get-AtlasApiKey)
        $all.Id | Should -Contain $keys[0].Id
        $k = $all | Where-Object Id -eq $keys[0].Id
        $k | Should -BeOfType ([AtlasPS.ApiKey])
        $k.PrivateKey | Should -BeNullOrEmpty
        $k.MaskedPrivateKey | Should -Match '^\*{8}-'
    }
    It 'filters by -Description with wildcards' {
        (Get-AtlasApiKey -Description "$prefix-*").Id | Sort-Object | Should -Be ($keys.Id | Sort-Object)
    }
    It 'reads by -ApiKeyId (alias -Id), by -PublicKey, and from piped objects' {
        (Get-AtlasApiKey -ApiKeyId $keys[1].Id).Description | Should -Be "$prefix-2"
        (Get-AtlasApiKey -PublicKey $keys[2].PublicKey).Id | Should -Be $keys[2].Id
        ($keys | Get-AtlasApiKey).Id | Should -Be $keys.Id
    }
    It 'reports an unknown id as AtlasApiKeyNotFound (ObjectNotFound) and goes on' {
        $out = Get-AtlasApiKey -ApiKeyId '0123456789abcdef01234567', $keys[0].Id -ErrorVariable errs -ErrorAction SilentlyContinue
        $out.Id | Should -Be $keys[0].Id
        $errs[0].FullyQualifiedErrorId | Should -BeLike 'AtlasApiKeyNotFound*'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
    It 'refuses a malformed id before any request' {
        { Get-AtlasApiKey -ApiKeyId 'abc' -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasInvalidAPIKeyId*'
    }
    It 'shows a table with Id, PublicKey and Description' {
        $text = Get-AtlasApiKey -ApiKeyId $keys[0].Id | Out-String
        $text | Should -Match $keys[0].PublicKey
        $text | Should -Match "$prefix-1"
    }
}
