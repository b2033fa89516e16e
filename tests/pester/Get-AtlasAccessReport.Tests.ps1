# Get-AtlasAccessReport: an audit row per API key and service account, with findings a script can filter on.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $key = New-AtlasTestApiKey 'report'
    Add-AtlasAccessListEntry -ApiKeyId $key.Id -CidrBlock 0.0.0.0/0 | Out-Null
    $sa = New-AtlasServiceAccount -Name (New-AtlasTestName 'report') -Description x -Role ORG_READ_ONLY -SecretExpiresAfterHours 24 -WarningAction SilentlyContinue
}
AfterAll {
    Remove-AtlasApiKey -ApiKeyId $key.Id -Confirm:$false -ErrorAction SilentlyContinue
    Remove-AtlasServiceAccount -ClientId $sa.ClientId -Confirm:$false -ErrorAction SilentlyContinue
}

Describe 'Get-AtlasAccessReport' {
    It 'has one AtlasPS.AccessReportEntry per key and service account, keys first' {
        $r = @(Get-AtlasAccessReport)
        $r[0] | Should -BeOfType ([AtlasPS.AccessReportEntry])
        $r.ApiKeyId | Should -Contain $key.Id
        $r.ClientId | Should -Contain $sa.ClientId
        $r[0].PrincipalType | Should -Be 'ApiKey'
    }
    It 'flags an access list open to the world and the owner role' {
        $r = Get-AtlasAccessReport
        ($r | Where-Object ApiKeyId -eq $key.Id).FindingCodes | Should -Contain 'OpenToWorld'
        ($r | Where-Object ApiKeyId -eq (Get-AtlasApiKey -PublicKey $env:ATLASPS_TEST_PUBLIC_KEY).Id).FindingCodes | Should -Contain 'OwnerRole'
    }
    It 'flags secrets expiring within -ExpiringWithinDays' {
        (Get-AtlasAccessReport -PrincipalType ServiceAccount -ExpiringWithinDays 2 | Where-Object ClientId -eq $sa.ClientId).FindingCodes | Should -Contain 'SecretExpiringSoon'
    }
    It 'limits the report to -PrincipalType' {
        Get-AtlasAccessReport -PrincipalType ApiKey | ForEach-Object PrincipalType | Select-Object -Unique | Should -Be 'ApiKey'
    }
    It 'exports to CSV with lists as readable "a; b" columns' {
        $row = Get-AtlasAccessReport | Where-Object ApiKeyId -eq $key.Id | ConvertTo-Csv | ConvertFrom-Csv
        $row.FindingCodes | Should -Match 'OpenToWorld'
        $row.Roles | Should -Be 'ORG_READ_ONLY'
    }
    It 'reports a malformed organization id as InvalidArgument' {
        $err = { Get-AtlasAccessReport -OrganizationId 'nope' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}
