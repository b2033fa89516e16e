# AtlasPS loader: imports the assembly built for this edition of PowerShell.
#   Desktop (Windows PowerShell 5.1, .NET Framework 4.7.2+) -> bin/net472
#   Core    (PowerShell 7.4+, .NET 8 or later)             -> bin/net8.0
# Import-Module is module-qualified so that a user's own Import-Module function cannot stand in for it.
if ($PSEdition -eq 'Core' -and $PSVersionTable.PSVersion -lt [version]'7.4') {
    # 7.0-7.3 run on .NET Core 3.1-7, which cannot load the net8.0 build (it would fail with a FileLoadException).
    throw [System.PlatformNotSupportedException]::new(
        "AtlasPS supports Windows PowerShell 5.1 and PowerShell 7.4 or later; this is PowerShell $($PSVersionTable.PSVersion). " +
        'Install PowerShell 7.4 or later (https://aka.ms/powershell), or import AtlasPS in Windows PowerShell 5.1.')
}
$framework = if ($PSEdition -eq 'Core') { 'net8.0' } else { 'net472' }
$assembly = [System.IO.Path]::Combine($PSScriptRoot, 'bin', $framework, 'AtlasPS.dll')

if ($PSEdition -eq 'Core') {
    # Dependencies (bin/net8.0/dependencies) load into AtlasPS's own AssemblyLoadContext; see DependencyLoadContext.cs.
    # Registered before the import: PowerShell reads the cmdlet types (and so AtlasPS.Core) while importing.
    $loader = [System.Reflection.Assembly]::LoadFrom($assembly).GetType('AtlasPS.Commands.DependencyLoader', $true)
    $loader::Register()
}
$innerModule = Microsoft.PowerShell.Core\Import-Module -Name $assembly -PassThru -ErrorAction Stop

# Types in the private context are invisible to type literals: [AtlasPS.ApiKey] works through accelerators instead.
$addedTypes = if ($PSEdition -eq 'Core') { $loader::AddTypeAccelerators() } else { @() }
$ExecutionContext.SessionState.Module.OnRemove = {
    if ($addedTypes) { $loader::RemoveTypeAccelerators($addedTypes) }
    Microsoft.PowerShell.Core\Remove-Module -ModuleInfo $innerModule -ErrorAction SilentlyContinue
}.GetNewClosure()
