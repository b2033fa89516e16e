# AtlasPS loader: imports the assembly built for this edition of PowerShell.
#   Desktop (Windows PowerShell 5.1, .NET Framework 4.7.2+) -> bin/net472
#   Core    (PowerShell 7.4+, .NET 8 or later)             -> bin/net8.0
# Import-Module is module-qualified so that a user's own Import-Module function cannot stand in for it.
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$assembly = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'AtlasPS.dll')

$innerModule = Microsoft.PowerShell.Core\Import-Module -Name $assembly -PassThru -ErrorAction Stop
$ExecutionContext.SessionState.Module.OnRemove = {
    Microsoft.PowerShell.Core\Remove-Module -ModuleInfo $innerModule -ErrorAction SilentlyContinue
}.GetNewClosure()
