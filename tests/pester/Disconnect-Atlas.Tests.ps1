# Disconnect-Atlas: forgets the session's connection (and its cached token); it never asks.
BeforeAll {
    Import-Module "$PSScriptRoot/AtlasPS.TestHelpers.psm1" -Force
    Initialize-AtlasTest
}
AfterAll { Connect-AtlasTestEmulator }

Describe 'Disconnect-Atlas' {
    BeforeEach { Connect-AtlasTestEmulator }

    It 'leaves the session without a connection, so commands say "Connect-Atlas first"' {
        Disconnect-Atlas
        Get-AtlasConnection | Should -BeNullOrEmpty
        { Get-AtlasOrganization -ErrorAction Stop } | Should -Throw -ErrorId 'AtlasNotConnected*'
    }
    It 'writes nothing, or the connection it closed with -PassThru' {
        Disconnect-Atlas | Should -BeNullOrEmpty
        Connect-AtlasTestEmulator
        $closed = Disconnect-Atlas -PassThru
        $closed | Should -BeOfType ([AtlasPS.AtlasConnection])
        $closed.Identity | Should -Be $env:ATLASPS_TEST_PUBLIC_KEY
    }
    It 'is harmless when not connected' {
        Disconnect-Atlas
        { Disconnect-Atlas -ErrorAction Stop } | Should -Not -Throw
    }
    It 'does not support -WhatIf or -Confirm (it changes only session state)' {
        (Get-Command Disconnect-Atlas).Parameters.Keys | Should -Not -Contain 'WhatIf'
    }
}
