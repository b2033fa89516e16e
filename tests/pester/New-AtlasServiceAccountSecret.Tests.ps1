# New-AtlasServiceAccountSecret: adds a client secret to a service account (a SecureString, or into a vault).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $sa = New-AtlasTestServiceAccount 'secret-new'
}
AfterAll { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'New-AtlasServiceAccountSecret' {
    It 'needs -ClientId and -ExpiresAfterHours' {
        $p = (Get-Command New-AtlasServiceAccountSecret).Parameters
        $p.ClientId.Attributes.Mandatory | Should -Contain $true
        $p.ExpiresAfterHours.Attributes.Mandatory | Should -Contain $true
    }
    It 'returns the new secret once as a SecureString that signs in' {
        $s = New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 24 -WarningAction SilentlyContinue
        $s | Should -BeOfType ([AtlasPS.ServiceAccountSecret])
        $s.Secret | Should -BeOfType ([securestring])
        $c = Connect-Atlas -BaseUri $env:ATLASPS_TEST_BASE_URL -ClientId $sa.ClientId -ClientSecret $s.Secret -PassThru
        $c.Identity | Should -Be $sa.ClientId
        Connect-AtlasTestEmulator
    }
    It 'stores the secret in a vault with -Vault and outputs it without the secret' {
        Enable-FakeSecretManagement -Vault SecretVault
        $s = Get-AtlasServiceAccount -ClientId $sa.ClientId | New-AtlasServiceAccountSecret -ExpiresAfterHours 24 -Vault SecretVault -SecretName sa-rotated
        $s.Secret | Should -BeNullOrEmpty
        $s.StoredIn | Should -Be 'SecretVault/sa-rotated'
        (Get-FakeSecretEntry -Vault SecretVault -Name sa-rotated).UserName | Should -Be $sa.ClientId
    }
    It 'creates nothing with -WhatIf' {
        $before = @(Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Count
        New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 24 -WhatIf | Should -BeNullOrEmpty
        @(Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Count | Should -Be $before
    }
    It 'refuses a lifetime of zero hours before any request' {
        { New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 0 -ErrorAction Stop } | Should -Throw
    }
}
