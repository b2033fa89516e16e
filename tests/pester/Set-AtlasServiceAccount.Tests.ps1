# Set-AtlasServiceAccount: renames a service account, changes its description or replaces its roles.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $sa = New-AtlasTestServiceAccount 'sa-set'
}
AfterAll { Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Set-AtlasServiceAccount' {
    It 'replaces the roles and returns the account' {
        $out = Set-AtlasServiceAccount -ClientId $sa.ClientId -Role ORG_MEMBER, ORG_BILLING_READ_ONLY
        $out | Should -BeOfType ([AtlasPS.ServiceAccount])
        $out.Roles | Sort-Object | Should -Be @('ORG_BILLING_READ_ONLY', 'ORG_MEMBER')
    }
    It 'renames and re-describes, taking the account from the pipeline' {
        $n = New-AtlasTestName 'sa-renamed'
        $out = Get-AtlasServiceAccount -ClientId $sa.ClientId | Set-AtlasServiceAccount -Name $n -Description 'new text'
        $out.Name | Should -Be $n
        (Get-AtlasServiceAccount -ClientId $sa.ClientId).Description | Should -Be 'new text'
    }
    It 'changes nothing with -WhatIf' {
        Set-AtlasServiceAccount -ClientId $sa.ClientId -Role ORG_OWNER -WhatIf | Should -BeNullOrEmpty
        (Get-AtlasServiceAccount -ClientId $sa.ClientId).Roles | Should -Not -Contain 'ORG_OWNER'
    }
    It 'refuses an unknown role' {
        { Set-AtlasServiceAccount -ClientId $sa.ClientId -Role NOT_A_ROLE -ErrorAction Stop } | Should -Throw
        (Get-AtlasServiceAccount -ClientId $sa.ClientId).Roles | Should -Not -Contain 'NOT_A_ROLE'
    }
}
