# Remove-AtlasApiKey: deletes keys. ConfirmImpact High: it asks first unless -Confirm:$false.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}

Describe 'Remove-AtlasApiKey' {
    It 'is a High-impact command (asks by default)' {
        $meta = [System.Management.Automation.CommandMetadata]::new((Get-Command Remove-AtlasApiKey))
        $meta.ConfirmImpact | Should -Be 'High'
    }
    It 'deletes a key by -ApiKeyId with -Confirm:$false and writes nothing' {
        $k = New-AtlasTestApiKey 'remove-key'
        Remove-AtlasApiKey -ApiKeyId $k.Id -Confirm:$false | Should -BeNullOrEmpty
        Get-AtlasApiKey -ApiKeyId $k.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
    It 'deletes exactly the keys piped from Get-AtlasApiKey -Description' {
        $prefix = New-AtlasTestName 'remove-many'
        $doomed = foreach ($i in 1..3) { New-AtlasApiKey -Description "$prefix-$i" -Role ORG_READ_ONLY -WarningAction SilentlyContinue }
        $kept = New-AtlasApiKey -Description "keep-$prefix" -Role ORG_READ_ONLY -WarningAction SilentlyContinue
        Get-AtlasApiKey -Description "$prefix-*" | Remove-AtlasApiKey -Confirm:$false
        Get-AtlasApiKey -Description "$prefix-*" | Should -BeNullOrEmpty
        (Get-AtlasApiKey -ApiKeyId $kept.Id).Id | Should -Be $kept.Id
        Remove-AtlasApiKey -ApiKeyId $kept.Id -Confirm:$false
    }
    It 'deletes nothing with -WhatIf' {
        $k = New-AtlasTestApiKey 'remove-whatif'
        Remove-AtlasApiKey -ApiKeyId $k.Id -WhatIf
        (Get-AtlasApiKey -ApiKeyId $k.Id).Id | Should -Be $k.Id
        Remove-AtlasApiKey -ApiKeyId $k.Id -Confirm:$false
    }
    It 'fails fast in a non-interactive host when not told -Confirm:$false (no hanging prompt)' {
        $k = New-AtlasTestApiKey 'remove-noninteractive'
        $e = Get-AtlasTestEmulator
        $r = Invoke-AtlasTestPwsh -Command "Import-Module '$(Get-AtlasTestManifest)'; Connect-Atlas -ErrorAction Stop; Remove-AtlasApiKey -ApiKeyId $($k.Id)" -Environment @{
            MONGODB_ATLAS_BASE_URL = $e.BaseUri; MONGODB_ATLAS_PUBLIC_API_KEY = $e.PublicKey; MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY
        }
        $r.ExitCode | Should -Not -Be 0
        $r.Errors + $r.Output | Should -Match 'NonInteractive'
        (Get-AtlasApiKey -ApiKeyId $k.Id).Id | Should -Be $k.Id
        Remove-AtlasApiKey -ApiKeyId $k.Id -Confirm:$false
    }
    It 'reports a key that is already gone as AtlasApiKeyNotFound' {
        { Remove-AtlasApiKey -ApiKeyId '0123456789abcdef01234567' -Confirm:$false -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasApiKeyNotFound*'
    }
}
