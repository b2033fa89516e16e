# Remove-AtlasServiceAccount: deletes service accounts (their secrets stop working). ConfirmImpact High.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}

Describe 'Remove-AtlasServiceAccount' {
    It 'is a High-impact command (asks by default)' {
        [System.Management.Automation.CommandMetadata]::new((Get-Command Remove-AtlasServiceAccount)).ConfirmImpact | Should -Be 'High'
    }
    It 'deletes by -ClientId with -Confirm:$false and writes nothing' {
        $sa = New-AtlasTestServiceAccount 'sa-remove'
        Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false | Should -BeNullOrEmpty
        Get-AtlasServiceAccount -ClientId $sa.ClientId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
    }
    It 'deletes the accounts piped from Get-AtlasServiceAccount -Name' {
        $prefix = New-AtlasTestName 'sa-remove-many'
        foreach ($i in 1..2) { New-AtlasServiceAccount -Name "$prefix-$i" -Description x -Role ORG_READ_ONLY -WarningAction SilentlyContinue | Out-Null }
        Get-AtlasServiceAccount -Name "$prefix-*" | Remove-AtlasServiceAccount -Confirm:$false
        Get-AtlasServiceAccount -Name "$prefix-*" | Should -BeNullOrEmpty
    }
    It 'deletes nothing with -WhatIf' {
        $sa = New-AtlasTestServiceAccount 'sa-remove-whatif'
        Remove-AtlasServiceAccount -ClientId $sa.ClientId -WhatIf
        (Get-AtlasServiceAccount -ClientId $sa.ClientId).ClientId | Should -Be $sa.ClientId
        Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false
    }
    It 'reports an account that is already gone as ObjectNotFound' {
        $err = { Remove-AtlasServiceAccount -ClientId 'mdb_sa_id_0123456789abcdef01234567' -Confirm:$false -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
