# Remove-AtlasServiceAccountSecret: revokes one client secret of a service account.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $sa = New-AtlasTestServiceAccount 'secret-remove'
}
AfterAll { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Remove-AtlasServiceAccountSecret' {
    It 'removes a secret by -SecretId and writes nothing; the secret no longer signs in' {
        $s = New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 24 -WarningAction SilentlyContinue
        Remove-AtlasServiceAccountSecret -ClientId $sa.ClientId -SecretId $s.Id -Confirm:$false | Should -BeNullOrEmpty
        (Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Id | Should -Not -Contain $s.Id
        { Connect-Atlas -BaseUri $env:ATLASPS_TEST_BASE_URL -ClientId $sa.ClientId -ClientSecret $s.Secret -ErrorAction Stop } | Should -Throw
        Connect-AtlasTestEmulator
    }
    It 'removes the secrets piped from Get-AtlasServiceAccountSecret (Id binds to -SecretId)' {
        New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 2 -WarningAction SilentlyContinue | Out-Null
        Get-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiringWithinDays 1 | Remove-AtlasServiceAccountSecret -Confirm:$false
        Get-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiringWithinDays 1 | Should -BeNullOrEmpty
    }
    It 'removes nothing with -WhatIf' {
        $s = New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 24 -WarningAction SilentlyContinue
        Remove-AtlasServiceAccountSecret -ClientId $sa.ClientId -SecretId $s.Id -WhatIf
        (Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Id | Should -Contain $s.Id
    }
    It 'reports an unknown secret as ObjectNotFound' {
        $err = { Remove-AtlasServiceAccountSecret -ClientId $sa.ClientId -SecretId '0123456789abcdef01234567' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
