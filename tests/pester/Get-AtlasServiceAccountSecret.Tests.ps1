# Get-AtlasServiceAccountSecret: a service account's client secrets (masked), with expiry; -ExpiringWithinDays filters.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'secret-get') -Description x -Role ORG_READ_ONLY -SecretExpiresAfterHours 720 -WarningAction SilentlyContinue
    New-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiresAfterHours 24 -WarningAction SilentlyContinue | Out-Null
}
AfterAll { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Get-AtlasServiceAccountSecret' {
    It 'lists the secrets as AtlasPS.ServiceAccountSecret, masked, with expiry' {
        $s = @(Get-AtlasServiceAccountSecret -ClientId $sa.ClientId)
        $s.Count | Should -Be 2
        $s[0] | Should -BeOfType ([AtlasPS.ServiceAccountSecret])
        $s | ForEach-Object { $_.Secret | Should -BeNullOrEmpty }
        $s.MaskedSecretValue | ForEach-Object { $_ | Should -Match '^mdb_sa_sk_\*{4}' }
        $s.ExpiresAt | Should -Not -BeNullOrEmpty
    }
    It 'keeps only the secrets expiring soon with -ExpiringWithinDays' {
        @(Get-AtlasServiceAccountSecret -ClientId $sa.ClientId -ExpiringWithinDays 2).Count | Should -Be 1
    }
    It 'takes accounts from the pipeline' {
        @(Get-AtlasServiceAccount -ClientId $sa.ClientId | Get-AtlasServiceAccountSecret).ClientId | Select-Object -Unique | Should -Be $sa.ClientId
    }
    It 'needs -ClientId' {
        (Get-Command Get-AtlasServiceAccountSecret).Parameters.ClientId.Attributes.Mandatory | Should -Contain $true
    }
    It 'reports an unknown account as ObjectNotFound' {
        $err = { Get-AtlasServiceAccountSecret -ClientId 'mdb_sa_id_0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
