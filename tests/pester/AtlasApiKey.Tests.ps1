#Requires -Version 7.0
# The AtlasApiKey DSC resource driven through Get/Test/Set (as the LCM and Invoke-DscResource do), against the Atlas
# emulator the Pester runner provides (tests/pester/README.md). Vaults: the SecretManagement test double in tests/fakes.

Describe 'AtlasApiKey DSC resource' {
    BeforeAll {
        Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
        Initialize-AtlasTest -NoConnect
        # The SecretManagement test double (tests/fakes): vault 'V', and 'Broken', whose Set-Secret fails as a real vault's does.
        Enable-FakeSecretManagement -Vault V
        Microsoft.PowerShell.SecretManagement\Register-FakeSecretVault -Name Broken -FailOnSet
        $e = Get-AtlasTestEmulator
        $manifest = (Get-Module AtlasPS).Path
        $dsc = Import-Module (Join-Path (Split-Path $manifest) 'DSCResources/AtlasPS.DscResources.psm1') -PassThru -Force -ErrorAction Stop
        $script:KeyType = & $dsc { [AtlasApiKey] }
        $script:ProjectRoleType = & $dsc { [AtlasProjectRole] }

        $script:Credential = $e.Credential
        $script:BaseUri = $e.BaseUri
        $script:OrgId = $e.OrgId
        Connect-AtlasTestEmulator
        $script:Projects = @(Get-AtlasProject -ErrorAction Stop | Select-Object -First 2)
        $script:Suffix = [guid]::NewGuid().ToString('N').Substring(0, 8)

        function New-KeyResource([string]$Description) {
            $k = $KeyType::new()
            $k.OrganizationId = $OrgId
            $k.Description = $Description
            $k.BaseUri = $BaseUri
            $k.Credential = $Credential
            $k
        }
        function New-CostTool([string]$Description) {
            $k = New-KeyResource $Description
            $k.Roles = 'ORG_BILLING_READ_ONLY', 'ORG_READ_ONLY'
            $k.AccessList = '203.0.113.10', '198.51.100.0/24'
            $k.ProjectRoles = @(foreach ($p in $Projects) { $r = $ProjectRoleType::new(); $r.ProjectId = $p.Id; $r.Roles = 'GROUP_READ_ONLY'; $r })
            $k.VaultName = 'V'
            $k.SecretName = "atlas-$Description"
            $k
        }
    }

    AfterAll {
        Get-AtlasApiKey -Description "*-$Suffix" -ErrorAction SilentlyContinue | Remove-AtlasApiKey -Confirm:$false -ErrorAction SilentlyContinue
    }

    It 'reports a missing key, creates it with vault, access list and projects, then is compliant' {
        $k = New-CostTool "cost-tool-$Suffix"
        $k.Test() | Should -BeFalse
        $k.Get().Reasons.Code | Should -Be 'AtlasApiKey:Ensure:Absent'

        $k.Set()

        $k.Test() | Should -BeTrue
        $state = $k.Get()
        $state.Reasons | Should -BeNullOrEmpty
        $state.Ensure | Should -Be 'Present'
        $state.AccessList | Sort-Object | Should -Be @('198.51.100.0/24', '203.0.113.10')
        @($state.ProjectRoles).Count | Should -Be $Projects.Count
        $state.Credential | Should -BeNullOrEmpty
        $stored = Microsoft.PowerShell.SecretManagement\Get-FakeSecretEntry -Vault V -Name "atlas-cost-tool-$Suffix"
        $stored | Should -BeOfType [pscredential]
        $stored.UserName | Should -Be $state.PublicKey
    }

    It 'reports drift made with the cmdlets and fixes exactly that' {
        $k = New-CostTool "drift-$Suffix"
        $k.Set()
        $id = $k.Get().ApiKeyId
        Add-AtlasAccessListEntry -ApiKeyId $id -IpAddress 192.0.2.99 -ErrorAction Stop | Out-Null
        Set-AtlasApiKey -ApiKeyId $id -Role ORG_BILLING_READ_ONLY, ORG_MEMBER -ErrorAction Stop | Out-Null
        Revoke-AtlasProjectAccess -ApiKeyId $id -ProjectId $Projects[0].Id -Confirm:$false -ErrorAction Stop | Out-Null

        $k.Test() | Should -BeFalse
        $codes = $k.Get().Reasons | ForEach-Object { "$($_.Code) $($_.Phrase)" }
        $codes | Should -Contain 'AtlasApiKey:AccessList:Extra 192.0.2.99 is on the access list but should not be.'
        ($codes -like 'AtlasApiKey:Roles:Missing*ORG_READ_ONLY*') | Should -Not -BeNullOrEmpty
        ($codes -like 'AtlasApiKey:Roles:Extra*ORG_MEMBER*') | Should -Not -BeNullOrEmpty
        ($codes -like "AtlasApiKey:ProjectRoles:Missing*$($Projects[0].Id)*") | Should -Not -BeNullOrEmpty

        $k.Set()

        $k.Test() | Should -BeTrue
        (Get-AtlasApiKey -ApiKeyId $id).Roles | Sort-Object | Should -Be @('ORG_BILLING_READ_ONLY', 'ORG_READ_ONLY')
        (Get-AtlasAccessListEntry -ApiKeyId $id).CidrBlock | Should -Not -Contain '192.0.2.99/32'
    }

    It 'manages only the named entries with AccessListToInclude and AccessListToExclude' {
        $k = New-CostTool "partial-$Suffix"
        $k.Set()
        $p = New-KeyResource "partial-$Suffix"
        $p.AccessListToInclude = '192.0.2.1'
        $p.AccessListToExclude = '203.0.113.10'
        $p.Test() | Should -BeFalse
        $p.Set()
        $p.Test() | Should -BeTrue
        (Get-AtlasAccessListEntry -ApiKeyId $p.Get().ApiKeyId).CidrBlock | Sort-Object | Should -Be @('192.0.2.1/32', '198.51.100.0/24')
    }

    It 'refuses AccessList together with AccessListToInclude' {
        $k = New-KeyResource "conflict-$Suffix"
        $k.AccessList = '192.0.2.1'
        $k.AccessListToInclude = '192.0.2.2'
        { $k.Test() } | Should -Throw -ErrorId 'AtlasDscAccessListConflict*'
    }

    It 'refuses to create a key without a vault and creates nothing' {
        $k = New-KeyResource "no-vault-$Suffix"
        $k.Roles = 'ORG_READ_ONLY'
        { $k.Set() } | Should -Throw -ErrorId 'AtlasDscVaultRequired*'
        Get-AtlasApiKey -Description "no-vault-$Suffix*" | Should -BeNullOrEmpty
    }

    It 'reports and refuses a description that several keys share, naming their ids' {
        $ids = 1..2 | ForEach-Object { (New-AtlasApiKey -Description "twin-$Suffix" -Role ORG_READ_ONLY -WarningAction SilentlyContinue -ErrorAction Stop).Id }
        $k = New-KeyResource "twin-$Suffix"
        $k.Roles = 'ORG_MEMBER'
        $reason = $k.Get().Reasons
        $reason.Code | Should -Be 'AtlasApiKey:Description:Ambiguous'
        foreach ($id in $ids) { $reason.Phrase | Should -Match $id }
        $k.Test() | Should -BeFalse
        $err = { $k.Set() } | Should -Throw -ErrorId 'AtlasDscAmbiguousApiKey*' -PassThru
        foreach ($id in $ids) { "$err" | Should -Match $id }
        (Get-AtlasApiKey -Description "twin-$Suffix").Roles | Should -Not -Contain 'ORG_MEMBER'
    }

    It 'deletes the key with Ensure Absent' {
        $k = New-CostTool "absent-$Suffix"
        $k.Set()
        $a = New-KeyResource "absent-$Suffix"
        $a.Ensure = 'Absent'
        $a.Test() | Should -BeFalse
        $a.Set()
        $a.Test() | Should -BeTrue
        Get-AtlasApiKey -Description "absent-$Suffix*" | Should -BeNullOrEmpty
    }

    It 'deletes a key it created when the vault cannot store the private key' {
        $k = New-KeyResource "unstorable-$Suffix"
        $k.Roles = 'ORG_READ_ONLY'
        $k.VaultName = 'Broken'; $k.SecretName = "atlas-unstorable-$Suffix"
        { $k.Set() } | Should -Throw -ErrorId 'AtlasSecretStoreFailed*'
        Get-AtlasApiKey -Description "unstorable-$Suffix*" | Should -BeNullOrEmpty
    }
}
