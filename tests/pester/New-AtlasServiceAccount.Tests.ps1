# New-AtlasServiceAccount: creates a service account with roles, an expiring first secret, and optionally its access
# list and project access; the one-time secret is a SecureString, or goes straight into a vault with -Vault.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $made = [System.Collections.Generic.List[string]]::new()
}
AfterAll { foreach ($id in $made) { Remove-AtlasServiceAccount -ClientId $id -Confirm:$false -ErrorAction SilentlyContinue } }

Describe 'New-AtlasServiceAccount' {
    It 'needs -Name, -Description and -Role' {
        $p = (Get-Command New-AtlasServiceAccount).Parameters
        foreach ($n in 'Name', 'Description', 'Role') { $p[$n].Attributes.Mandatory | Should -Contain $true }
    }
    It 'returns the account with its first secret as a SecureString, expiring after -SecretExpiresAfterHours' {
        $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'sa') -Description 'ci' -Role ORG_READ_ONLY -SecretExpiresAfterHours 48 -WarningVariable w -WarningAction SilentlyContinue
        $made.Add($sa.ClientId)
        $sa | Should -BeOfType ([AtlasPS.ServiceAccount])
        $sa.ClientId | Should -Match '^mdb_sa_id_'
        $sa.Secrets[0].Secret | Should -BeOfType ([securestring])
        ($sa.Secrets[0].ExpiresAt - [datetimeoffset]::UtcNow).TotalHours | Should -BeLessOrEqual 48
        "$w" | Should -Match 'never show it again'
    }
    It 'stores the client id and secret in a vault with -Vault and outputs no secret' {
        Enable-FakeSecretManagement -Vault SaVault
        $name = New-AtlasTestName 'sa-secret'
        $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'sa') -Description 'vault' -Role ORG_READ_ONLY -Vault SaVault -SecretName $name
        $made.Add($sa.ClientId)
        $sa.StoredIn | Should -Be "SaVault/$name"
        @($sa.Secrets | Where-Object { $null -ne $_.Secret }).Count | Should -Be 0
        (Get-FakeSecretEntry -Vault SaVault -Name $name).UserName | Should -Be $sa.ClientId
    }
    It 'adds an access list and project access in the same command' {
        $project = Get-AtlasProject | Select-Object -First 1
        $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'sa') -Description 'full' -Role ORG_READ_ONLY -IpAddress 203.0.113.50 `
            -ProjectId $project.Id -ProjectRole GROUP_READ_ONLY -WarningAction SilentlyContinue
        $made.Add($sa.ClientId)
        (Get-AtlasAccessListEntry -ClientId $sa.ClientId).IpAddress | Should -Be '203.0.113.50'
        (Get-AtlasProjectAccess -ClientId $sa.ClientId).ProjectId | Should -Be $project.Id
    }
    It 'creates nothing with -WhatIf' {
        $n = New-AtlasTestName 'sa-whatif'
        New-AtlasServiceAccount -Name $n -Description 'x' -Role ORG_READ_ONLY -WhatIf | Should -BeNullOrEmpty
        Get-AtlasServiceAccount -Name "$n*" | Should -BeNullOrEmpty
    }
    It 'refuses a secret lifetime of zero hours before any request' {
        $err = { New-AtlasServiceAccount -Name (New-AtlasTestName 'sa') -Description 'x' -Role ORG_READ_ONLY -SecretExpiresAfterHours 0 -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -BeIn 'InvalidArgument', 'InvalidData'
    }
}
