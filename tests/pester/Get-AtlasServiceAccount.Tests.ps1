# Get-AtlasServiceAccount: the organization's service accounts, by client id, name (wildcards) or project.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
    $prefix = New-AtlasTestName 'sa-get'
    $accounts = foreach ($i in 1..2) { New-AtlasServiceAccount -Name "$prefix-$i" -Description 'get' -Role ORG_READ_ONLY -WarningAction SilentlyContinue }
}
AfterAll { $accounts | Remove-AtlasServiceAccount -Confirm:$false -ErrorAction SilentlyContinue }

Describe 'Get-AtlasServiceAccount' {
    It 'lists the accounts as AtlasPS.ServiceAccount, secrets masked' {
        $all = @(Get-AtlasServiceAccount)
        $all.ClientId | Should -Contain $accounts[0].ClientId
        $all.ClientId | Should -Contain $env:ATLASPS_TEST_CLIENT_ID
        $sa = $all | Where-Object ClientId -eq $accounts[0].ClientId
        $sa | Should -BeOfType ([AtlasPS.ServiceAccount])
        $sa.Secrets[0].Secret | Should -BeNullOrEmpty
        $sa.Secrets[0].MaskedSecretValue | Should -Match '\*{4}'
    }
    It 'filters by -Name with wildcards' {
        (Get-AtlasServiceAccount -Name "$prefix-*").ClientId | Sort-Object | Should -Be ($accounts.ClientId | Sort-Object)
    }
    It 'reads by -ClientId, also from piped objects' {
        (Get-AtlasServiceAccount -ClientId $accounts[1].ClientId).Name | Should -Be "$prefix-2"
        ($accounts | Select-Object ClientId | Get-AtlasServiceAccount).ClientId | Should -Be $accounts.ClientId
    }
    It 'lists the accounts of a project with -ProjectId' {
        $project = Get-AtlasProject | Select-Object -First 1
        Grant-AtlasProjectAccess -ClientId $accounts[0].ClientId -ProjectId $project.Id -Role GROUP_READ_ONLY | Out-Null
        (Get-AtlasServiceAccount -ProjectId $project.Id).ClientId | Should -Contain $accounts[0].ClientId
    }
    It 'reports an unknown client id as ObjectNotFound' {
        $err = { Get-AtlasServiceAccount -ClientId 'mdb_sa_id_0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
