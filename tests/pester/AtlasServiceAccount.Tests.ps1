#Requires -Version 7.0
# The AtlasServiceAccount DSC resource driven through Get/Test/Set (as the LCM and Invoke-DscResource do), against the Atlas
# emulator the Pester runner provides (tests/pester/README.md). Vaults: the SecretManagement test double in tests/fakes.

Describe 'AtlasServiceAccount DSC resource' {
    BeforeAll {
        Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
        Initialize-AtlasTest -NoConnect
        # The SecretManagement test double (tests/fakes): vault 'V', and 'Broken', whose Set-Secret fails as a real vault's does.
        Enable-FakeSecretManagement -Vault V
        Microsoft.PowerShell.SecretManagement\Register-FakeSecretVault -Name Broken -FailOnSet
        $e = Get-AtlasTestEmulator
        $manifest = (Get-Module AtlasPS).Path
        $dsc = Import-Module (Join-Path (Split-Path $manifest) 'DSCResources/AtlasPS.DscResources.psm1') -PassThru -Force -ErrorAction Stop
        $script:AccountType = & $dsc { [AtlasServiceAccount] }
        $script:ProjectRoleType = & $dsc { [AtlasProjectRole] }

        $script:Credential = $e.Credential
        $script:BaseUri = $e.BaseUri
        $script:OrgId = $e.OrgId
        Connect-AtlasTestEmulator
        $script:Project = Get-AtlasProject -ErrorAction Stop | Select-Object -First 1
        $script:Suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)

        function New-AccountResource([string]$Name) {
            $s = $AccountType::new()
            $s.OrganizationId = $OrgId
            $s.Name = $Name
            $s.BaseUri = $BaseUri
            $s.Credential = $Credential
            $s
        }
    }

    AfterAll {
        Get-AtlasServiceAccount -ErrorAction SilentlyContinue | Where-Object Name -like "*-$Suffix" |
            Remove-AtlasServiceAccount -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'creates the account with its secret in the vault, access list and project, then is compliant' {
        $s = New-AccountResource "deploy-bot-$Suffix"
        $s.Description = 'CI deployments'
        $s.Roles = 'ORG_READ_ONLY'
        $s.AccessList = '203.0.113.20'
        $r = $ProjectRoleType::new(); $r.ProjectName = $Project.Name; $r.Roles = 'GROUP_READ_ONLY'
        $s.ProjectRoles = @($r)
        $s.SecretExpiresAfterHours = 720
        $s.RotateWhenExpiringWithinDays = 7
        $s.VaultName = 'V'; $s.SecretName = "atlas-deploy-bot-$Suffix"

        $s.Test() | Should -BeFalse
        $s.Set()
        $s.Test() | Should -BeTrue

        $state = $s.Get()
        $state.Reasons | Should -BeNullOrEmpty
        $state.Description | Should -Be 'CI deployments'
        $state.AccessList | Should -Be @('203.0.113.20')
        $state.ProjectRoles.ProjectId | Should -Be $Project.Id
        $state.SecretExpiresAt | Should -Not -BeNullOrEmpty
        (Microsoft.PowerShell.SecretManagement\Get-FakeSecretEntry -Vault V -Name "atlas-deploy-bot-$Suffix").UserName | Should -Be $state.ClientId
    }

    It 'rotates a secret that expires within RotateWhenExpiringWithinDays and keeps the old one' {
        $name = "short-lived-$Suffix"
        $secretName = "atlas-$name"
        New-AtlasServiceAccount -Name $name -Description 'short lived' -Role ORG_READ_ONLY -SecretExpiresAfterHours 24 `
            -Vault V -SecretName $secretName -ErrorAction Stop | Out-Null
        $old = (Microsoft.PowerShell.SecretManagement\Get-FakeSecretEntry -Vault V -Name $secretName).GetNetworkCredential().Password

        $s = New-AccountResource $name
        $s.RotateWhenExpiringWithinDays = 7
        $s.SecretExpiresAfterHours = 720
        $s.VaultName = 'V'; $s.SecretName = $secretName

        $s.Test() | Should -BeFalse
        $s.Get().Reasons.Code | Should -Be 'AtlasServiceAccount:Secret:Expiring'
        $s.Set()
        $s.Test() | Should -BeTrue

        $new = (Microsoft.PowerShell.SecretManagement\Get-FakeSecretEntry -Vault V -Name $secretName).GetNetworkCredential().Password
        $new | Should -Not -Be $old
        $clientId = $s.Get().ClientId
        @(Get-AtlasServiceAccountSecret -ClientId $clientId).Count | Should -Be 2
    }

    It 'deletes the account with Ensure Absent' {
        $s = New-AccountResource "gone-$Suffix"
        $s.Roles = 'ORG_READ_ONLY'
        $s.VaultName = 'V'; $s.SecretName = "atlas-gone-$Suffix"
        $s.Set()
        $a = New-AccountResource "gone-$Suffix"
        $a.Ensure = 'Absent'
        $a.Test() | Should -BeFalse
        $a.Set()
        $a.Test() | Should -BeTrue
        Get-AtlasServiceAccount | Where-Object Name -eq "gone-$Suffix" | Should -BeNullOrEmpty
    }
}
