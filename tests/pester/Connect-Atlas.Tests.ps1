# Connect-Atlas: signs in with an API key, a service account, a PSCredential, the MONGODB_ATLAS_* variables or a vault.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest -NoConnect
    $emulator = Get-AtlasTestEmulator
}
AfterAll { Connect-AtlasTestEmulator }

Describe 'Connect-Atlas' {
    Context 'parameters' {
        It 'has a set per kind of credential, Credential being the default' {
            $sets = (Get-Command Connect-Atlas).ParameterSets
            $sets.Name | Should -Be @('Credential', 'ApiKey', 'ServiceAccount', 'AccessToken', 'Vault')
            ($sets | Where-Object IsDefault).Name | Should -Be 'Credential'
        }
        It 'takes secrets only as SecureString or PSCredential' {
            $c = Get-Command Connect-Atlas
            $c.Parameters.PrivateKey.ParameterType | Should -Be ([securestring])
            $c.Parameters.ClientSecret.ParameterType | Should -Be ([securestring])
            $c.Parameters.AccessToken.ParameterType | Should -Be ([securestring])
            $c.Parameters.Credential.ParameterType | Should -Be ([pscredential])
        }
    }

    Context 'signing in' {
        It 'connects with -PublicKey/-PrivateKey and writes nothing without -PassThru' {
            $out = Connect-Atlas -BaseUri $emulator.BaseUri -PublicKey $emulator.PublicKey -PrivateKey $emulator.PrivateKey
            $out | Should -BeNullOrEmpty
            (Get-AtlasConnection).Identity | Should -Be $emulator.PublicKey
        }
        It 'returns the connection with -PassThru: organization found, API key authentication' {
            $c = Connect-Atlas -BaseUri $emulator.BaseUri -Credential $emulator.Credential -PassThru
            $c | Should -BeOfType ([AtlasPS.AtlasConnection])
            $c.AuthenticationType | Should -Be 'ApiKey'
            $c.OrganizationId | Should -Be $emulator.OrgId
        }
        It 'connects as a service account with -ClientId/-ClientSecret' {
            $c = Connect-Atlas -BaseUri $emulator.BaseUri -ClientId $emulator.ClientId -ClientSecret $emulator.ClientSecret -PassThru
            $c.AuthenticationType | Should -Be 'ServiceAccount'
            $c.Identity | Should -Be $emulator.ClientId
        }
        It 'reads MONGODB_ATLAS_* when given no credential (as the Atlas CLI and Terraform do)' {
            $r = Invoke-AtlasTestPwsh -Command "Import-Module '$(Get-AtlasTestManifest)'; Connect-Atlas -ErrorAction Stop; (Get-AtlasConnection).Identity" -Environment @{
                MONGODB_ATLAS_BASE_URL = $emulator.BaseUri; MONGODB_ATLAS_PUBLIC_API_KEY = $env:ATLASPS_TEST_PUBLIC_KEY
                MONGODB_ATLAS_PRIVATE_API_KEY = $env:ATLASPS_TEST_PRIVATE_KEY
            }
            $r.Errors | Should -BeNullOrEmpty
            $r.Output.Trim() | Should -Be $emulator.PublicKey
        }
        It 'reads a PSCredential stored in a SecretManagement vault with -Vault/-SecretName' {
            Enable-FakeSecretManagement -Vault RunbookVault
            Microsoft.PowerShell.SecretManagement\Set-Secret -Name atlas-owner -Secret $emulator.Credential -Vault RunbookVault
            $c = Connect-Atlas -BaseUri $emulator.BaseUri -Vault RunbookVault -SecretName atlas-owner -PassThru
            $c.Identity | Should -Be $emulator.PublicKey
        }
    }

    Context 'errors' {
        It 'refuses a wrong private key with an authentication error and keeps no connection' {
            Disconnect-Atlas
            $wrong = ConvertTo-SecureString 'not-the-key' -AsPlainText -Force
            { Connect-Atlas -BaseUri $emulator.BaseUri -PublicKey $emulator.PublicKey -PrivateKey $wrong -ErrorAction Stop } |
                Should -Throw -ErrorId 'AtlasAuthenticationFailed*'
            Get-AtlasConnection | Should -BeNullOrEmpty
        }
        It 'says which variables to set when there is no credential at all' {
            $r = Invoke-AtlasTestPwsh -Command "Import-Module '$(Get-AtlasTestManifest)'; try { Connect-Atlas -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
            $r.Output | Should -Match 'MONGODB_ATLAS_PUBLIC_API_KEY'
        }
        It 'never shows the private key in errors' {
            $wrong = ConvertTo-SecureString 'SECRET-CANARY-1234' -AsPlainText -Force
            $err = $null
            try { Connect-Atlas -BaseUri $emulator.BaseUri -PublicKey $emulator.PublicKey -PrivateKey $wrong -ErrorAction Stop } catch { $err = $_ }
            ($err | Out-String) + $err.Exception.ToString() | Should -Not -Match 'SECRET-CANARY-1234'
        }
    }
}
