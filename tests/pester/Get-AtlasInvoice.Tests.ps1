# Get-AtlasInvoice: the organization's invoices (a date range, by id, or the pending one), for cost tools.
# The Admin API cannot create invoices: the test runner seeds a paid and a pending one (ATLASPS_TEST_SEEDED).
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}

Describe 'Get-AtlasInvoice' {
    It 'has List (default), ById and Pending parameter sets' {
        (Get-Command Get-AtlasInvoice).ParameterSets.Name | Should -Be @('List', 'ById', 'Pending')
    }
    It 'lists invoices as AtlasPS.Invoice' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        $i = @(Get-AtlasInvoice)
        $i.Count | Should -BeGreaterOrEqual 2
        $i[0] | Should -BeOfType ([AtlasPS.Invoice])
    }
    It 'reads one by -InvoiceId (alias -Id), also from the pipeline' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        $first = Get-AtlasInvoice | Select-Object -First 1
        (Get-AtlasInvoice -InvoiceId $first.Id).Id | Should -Be $first.Id
        ($first | Get-AtlasInvoice).Id | Should -Be $first.Id
    }
    It 'reads the pending invoice with -Pending' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        @(Get-AtlasInvoice -Pending).Count | Should -Be 1
    }
    It 'converts to JSON and CSV without losing the id' -Skip:(-not $env:ATLASPS_TEST_SEEDED) {
        $i = Get-AtlasInvoice | Select-Object -First 1
        ($i | ConvertTo-Json -Depth 5 | ConvertFrom-Json).Id | Should -Be $i.Id
        ($i | ConvertTo-Csv | ConvertFrom-Csv).Id | Should -Be $i.Id
    }
    It 'reports an unknown invoice as ObjectNotFound' {
        $err = { Get-AtlasInvoice -InvoiceId '0123456789abcdef01234567' -ErrorAction Stop } | Should -Throw -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
