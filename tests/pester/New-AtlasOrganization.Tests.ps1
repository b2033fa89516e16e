# New-AtlasOrganization: creates an organization, with its first API key or service account (into a vault with -Vault).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}

Describe 'New-AtlasOrganization' {
    It 'creates an organization with its first API key, whose private key is a SecureString' {
        $name = New-AtlasTestName 'org'
        $r = New-AtlasOrganization -Name $name -ApiKeyDescription 'bootstrap' -ApiKeyRole ORG_OWNER -WarningAction SilentlyContinue
        $r.Organization.Name | Should -Be $name
        $r.ApiKey.PrivateKey | Should -BeOfType ([securestring])
        $c = Connect-Atlas -BaseUri $env:ATLASPS_TEST_BASE_URL -PublicKey $r.ApiKey.PublicKey -PrivateKey $r.ApiKey.PrivateKey -PassThru
        $c.OrganizationId | Should -Be $r.Organization.Id
        Connect-AtlasTestEmulator
    }
    It 'creates one with a service account and puts its secret into a vault with -Vault' {
        Enable-FakeSecretManagement -Vault OrgVault
        $r = New-AtlasOrganization -Name (New-AtlasTestName 'org') -ServiceAccountName 'bootstrap' -SecretExpiresAfterHours 168 -Vault OrgVault -SecretName first-sa
        (Get-FakeSecretEntry -Vault OrgVault -Name first-sa).UserName | Should -Be $r.ServiceAccount.ClientId
        @($r.ServiceAccount.Secrets | Where-Object { $null -ne $_.Secret }).Count | Should -Be 0
    }
    It 'creates nothing with -WhatIf' {
        $name = New-AtlasTestName 'org-whatif'
        New-AtlasOrganization -Name $name -ApiKeyDescription x -WhatIf | Should -BeNullOrEmpty
        Get-AtlasOrganization -Name "$name*" | Should -BeNullOrEmpty
    }
    It 'refuses a name Atlas would refuse (spaces) before any request' {
        $err = { New-AtlasOrganization -Name 'has spaces' -ApiKeyDescription x -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
