# Update-AtlasCredential: rotates an API key or a service-account secret kept in a SecretManagement vault, without a
# moment where nothing works: create the successor, copy access list and project access, prove it, store it, delete
# the old one.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $project = Get-AtlasProject | Select-Object -First 1
}
Describe 'Update-AtlasCredential' {
    BeforeEach { Enable-FakeSecretManagement -Vault RotationVault }

    Context 'API keys' {
        It 'replaces the key in the vault with a successor that has the same roles, access list and project roles' {
            $old = New-AtlasApiKey -Description (New-AtlasTestName 'rotate') -Role ORG_READ_ONLY -AccessListEntry 127.0.0.1, 203.0.113.60 `
                -ProjectId $project.Id -ProjectRole GROUP_READ_ONLY -Vault RotationVault -SecretName rotate-key
            $r = Update-AtlasCredential -ApiKeyId $old.Id -Vault RotationVault -SecretName rotate-key
            $r | Should -BeOfType ([AtlasPS.CredentialRotationResult])
            $r.Kind | Should -Be 'ApiKey'
            $r.Proven | Should -BeTrue
            $r.DeletedIds | Should -Be @($old.Id)
            $r.StoredIn | Should -Be 'RotationVault/rotate-key'

            (Get-FakeSecretEntry -Vault RotationVault -Name rotate-key).UserName | Should -Be $r.Identity
            $new = Get-AtlasApiKey -ApiKeyId $r.CredentialId
            $new.Roles | Should -Be @('ORG_READ_ONLY')
            (Get-AtlasAccessListEntry -ApiKeyId $new.Id).IpAddress | Sort-Object | Should -Be @('127.0.0.1', '203.0.113.60')
            (Get-AtlasProjectAccess -ApiKeyId $new.Id -ProjectId $project.Id).Roles | Should -Be @('GROUP_READ_ONLY')
            Get-AtlasApiKey -ApiKeyId $old.Id -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Remove-AtlasApiKey -ApiKeyId $new.Id -Confirm:$false
        }
        It 'keeps the old key with -KeepPrevious (staged cut-over)' {
            $old = New-AtlasApiKey -Description (New-AtlasTestName 'rotate-keep') -Role ORG_READ_ONLY -Vault RotationVault -SecretName keep-key
            $r = Get-AtlasApiKey -ApiKeyId $old.Id | Update-AtlasCredential -Vault RotationVault -SecretName keep-key -KeepPrevious
            $r.KeptIds | Should -Be @($old.Id)
            (Get-AtlasApiKey -ApiKeyId $old.Id).Id | Should -Be $old.Id
            $old.Id, $r.CredentialId | ForEach-Object { Remove-AtlasApiKey -ApiKeyId $_ -Confirm:$false }
        }
        It 'changes nothing with -WhatIf' {
            $old = New-AtlasApiKey -Description (New-AtlasTestName 'rotate-whatif') -Role ORG_READ_ONLY -Vault RotationVault -SecretName whatif-key
            $before = (Get-FakeSecretEntry -Vault RotationVault -Name whatif-key).UserName
            Update-AtlasCredential -ApiKeyId $old.Id -Vault RotationVault -SecretName whatif-key -WhatIf | Should -BeNullOrEmpty
            (Get-FakeSecretEntry -Vault RotationVault -Name whatif-key).UserName | Should -Be $before
            (Get-AtlasApiKey -ApiKeyId $old.Id).Id | Should -Be $old.Id
            Remove-AtlasApiKey -ApiKeyId $old.Id -Confirm:$false
        }
        It 'refuses to overwrite a vault entry that holds another credential, changing nothing' {
            $old = New-AtlasTestApiKey 'rotate-other'
            $other = [pscredential]::new('someone-else', (ConvertTo-SecureString 'x' -AsPlainText -Force))
            Microsoft.PowerShell.SecretManagement\Set-Secret -Name other-entry -Secret $other -Vault RotationVault
            { Update-AtlasCredential -ApiKeyId $old.Id -Vault RotationVault -SecretName other-entry -ErrorAction Stop } |
                Should -Throw -ErrorId 'AtlasRotationVaultHoldsOtherCredential*'
            (Get-FakeSecretEntry -Vault RotationVault -Name other-entry).UserName | Should -Be 'someone-else'
            Remove-AtlasApiKey -ApiKeyId $old.Id -Confirm:$false
        }
        It 'stops before creating anything when the vault is locked' {
            Microsoft.PowerShell.SecretManagement\Register-FakeSecretVault -Name Locked -Locked
            $old = New-AtlasTestApiKey 'rotate-locked'
            { Update-AtlasCredential -ApiKeyId $old.Id -Vault Locked -SecretName x -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasRotationVaultNotReady*'
            @(Get-AtlasApiKey -Description "$($old.Description)*").Count | Should -Be 1
            Remove-AtlasApiKey -ApiKeyId $old.Id -Confirm:$false
        }
    }

    Context 'service accounts' {
        It 'adds a new secret, stores it and deletes the secrets that were valid before' {
            $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'rotate-sa') -Description x -Role ORG_READ_ONLY -Vault RotationVault -SecretName rotate-sa
            $oldSecrets = (Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Id
            $r = Update-AtlasCredential -ClientId $sa.ClientId -Vault RotationVault -SecretName rotate-sa -ExpiresAfterHours 48
            $r.Kind | Should -Be 'ServiceAccount'
            $r.Proven | Should -BeTrue
            $r.DeletedIds | Sort-Object | Should -Be ($oldSecrets | Sort-Object)
            (Get-AtlasServiceAccountSecret -ClientId $sa.ClientId).Id | Should -Be $r.SecretId
            $stored = Get-FakeSecretEntry -Vault RotationVault -Name rotate-sa
            (Connect-Atlas -BaseUri $env:ATLASPS_TEST_BASE_URL -ClientId $stored.UserName -ClientSecret $stored.Password -PassThru).Identity | Should -Be $sa.ClientId
            Connect-AtlasTestEmulator
            Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false
        }
    }

    Context 'parameters' {
        It 'needs -Vault and -SecretName in both sets' {
            foreach ($set in (Get-Command Update-AtlasCredential).ParameterSets) {
                ($set.Parameters | Where-Object Name -in 'Vault', 'SecretName' | Where-Object IsMandatory).Count | Should -Be 2
            }
        }
        It 'says SecretManagement is missing when it is, and changes nothing' {
            $key = New-AtlasTestApiKey 'rotate-no-sm'
            $r = Invoke-AtlasTestPwsh -Command "Import-Module '$(Get-AtlasTestManifest)'; Connect-Atlas -ErrorAction Stop; try { Update-AtlasCredential -ApiKeyId $($key.Id) -Vault V -SecretName s -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }" -Environment @{
                MONGODB_ATLAS_BASE_URL = $env:ATLASPS_TEST_BASE_URL; MONGODB_ATLAS_PUBLIC_API_KEY = $env:ATLASPS_TEST_PUBLIC_KEY; MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY
                PSModulePath = ''
            }
            $r.Output | Should -Match 'AtlasRotationVaultNotReady'
            $r.Output | Should -Match 'SecretManagement'
            @(Get-AtlasApiKey -Description "$($key.Description)*").Count | Should -Be 1
            Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false
        }
    }
}
