# New-AtlasApiKey: creates a key with roles, access list and project access in one all-or-nothing command; the
# one-time private key is a SecureString, or goes straight into a SecretManagement vault with -Vault.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $project = Get-AtlasProject | Select-Object -First 1
    $made = [System.Collections.Generic.List[string]]::new()
}
AfterAll { foreach ($id in $made) { Remove-AtlasApiKey -ApiKeyId $id -Confirm:$false -ErrorAction SilentlyContinue } }

Describe 'New-AtlasApiKey' {
    It 'needs -Description and -Role' {
        $p = (Get-Command New-AtlasApiKey).Parameters
        $p.Description.Attributes.Mandatory | Should -Contain $true
        $p.Role.Attributes.Mandatory | Should -Contain $true
    }
    It 'returns the key once with its private key as a SecureString, and warns that it is shown once' {
        $k = New-AtlasApiKey -Description (New-AtlasTestName 'new-key') -Role ORG_READ_ONLY -WarningVariable w -WarningAction SilentlyContinue
        $made.Add($k.Id)
        $k | Should -BeOfType ([AtlasPS.ApiKey])
        $k.PrivateKey | Should -BeOfType ([securestring])
        $k.Roles | Should -Be @('ORG_READ_ONLY')
        "$w" | Should -Match 'returned once'
    }
    It 'adds the access list and project access in the same command' {
        $k = New-AtlasApiKey -Description (New-AtlasTestName 'new-key') -Role ORG_READ_ONLY -AccessListEntry 203.0.113.10, 198.51.100.0/24 `
            -ProjectId $project.Id -ProjectRole GROUP_READ_ONLY -WarningAction SilentlyContinue
        $made.Add($k.Id)
        (Get-AtlasAccessListEntry -ApiKeyId $k.Id).CidrBlock | Sort-Object | Should -Be @('198.51.100.0/24', '203.0.113.10/32')
        (Get-AtlasProjectAccess -ApiKeyId $k.Id -ProjectId $project.Id).Roles | Should -Be @('GROUP_READ_ONLY')
    }
    It 'stores the key in a vault with -Vault/-SecretName and outputs no secret' {
        Enable-FakeSecretManagement -Vault KeyVault
        $name = New-AtlasTestName 'secret'
        $k = New-AtlasApiKey -Description (New-AtlasTestName 'new-key') -Role ORG_READ_ONLY -Vault KeyVault -SecretName $name
        $made.Add($k.Id)
        $k.PrivateKey | Should -BeNullOrEmpty
        $k.StoredIn | Should -Be "KeyVault/$name"
        $stored = Get-FakeSecretEntry -Vault KeyVault -Name $name
        $stored | Should -BeOfType ([pscredential])
        $stored.UserName | Should -Be $k.PublicKey
    }
    It 'creates nothing with -WhatIf' {
        $d = New-AtlasTestName 'whatif'
        New-AtlasApiKey -Description $d -Role ORG_READ_ONLY -WhatIf | Should -BeNullOrEmpty
        # A wildcard that matches nothing is no error (an exact description that matches nothing is).
        Get-AtlasApiKey -Description "$d*" | Should -BeNullOrEmpty
    }
    It 'refuses an unknown role before creating anything' {
        $d = New-AtlasTestName 'bad-role'
        { New-AtlasApiKey -Description $d -Role NOT_A_ROLE -ErrorAction Stop } | Should -Throw
        Get-AtlasApiKey -Description "$d*" | Should -BeNullOrEmpty
    }
    It 'rolls back when the vault cannot take the key: no key is left in Atlas' {
        Enable-FakeSecretManagement -Vault KeyVault
        Microsoft.PowerShell.SecretManagement\Register-FakeSecretVault -Name Broken -FailOnSet
        $d = New-AtlasTestName 'rollback'
        { New-AtlasApiKey -Description $d -Role ORG_READ_ONLY -Vault Broken -SecretName x -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasSecretStoreFailed*'
        Get-AtlasApiKey -Description "$d*" | Should -BeNullOrEmpty
    }
}
