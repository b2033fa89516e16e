<#
.SYNOPSIS
    Import time of AtlasPS in a fresh pwsh: median of -Runs processes, each timing `Import-Module <manifest>` alone,
    as wall-clock time and as the process's CPU time (all threads; steadier than wall time on a busy machine).
.EXAMPLE
    pwsh tools/Measure-ImportTime.ps1 -Manifest out/AtlasPS/0.1.0/AtlasPS.psd1,/tmp/old/AtlasPS.psd1 -Runs 9
    Runs are interleaved across manifests so that machine load hits each alike.
#>
param(
    [Parameter(Mandatory)] [string[]] $Manifest,
    [int] $Runs = 9
)
$exe = [Environment]::ProcessPath
$prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { [System.Reflection.Assembly]::GetEntryAssembly().Location })
$times = @{}; $cpu = @{}
$Manifest = @($Manifest | ForEach-Object { $_ -split ',' } | Where-Object { $_ })   # pwsh -File passes a list as one string
foreach ($m in $Manifest) { $times[$m] = [System.Collections.Generic.List[double]]::new(); $cpu[$m] = [System.Collections.Generic.List[double]]::new() }
for ($i = 0; $i -lt $Runs; $i++) {
    foreach ($m in $Manifest) {
        $ms = & $exe @prefix -NoProfile -NonInteractive -Command "`$p = [Diagnostics.Process]::GetCurrentProcess(); `$c0 = `$p.TotalProcessorTime; `$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$m' -ErrorAction Stop; `$sw.Stop(); `$p.Refresh(); '{0} {1}' -f `$sw.Elapsed.TotalMilliseconds, (`$p.TotalProcessorTime - `$c0).TotalMilliseconds"
        $wall, $used = ($ms | Select-Object -Last 1) -split ' '
        $times[$m].Add([double]$wall); $cpu[$m].Add([double]$used)
    }
}
foreach ($m in $Manifest) {
    $sorted = $times[$m] | Sort-Object
    $cpuSorted = $cpu[$m] | Sort-Object
    [pscustomobject]@{
        Manifest = $m; Runs = $Runs
        MedianMs = [math]::Round($sorted[[int][math]::Floor($Runs / 2)], 1); MinMs = [math]::Round($sorted[0], 1)
        MedianCpuMs = [math]::Round($cpuSorted[[int][math]::Floor($Runs / 2)], 1)
        AllMs = ($times[$m] | ForEach-Object { [math]::Round($_) }) -join ' '; AllCpuMs = ($cpu[$m] | ForEach-Object { [math]::Round($_) }) -join ' '
    }
}
