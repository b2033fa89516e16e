using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AtlasPS.Emulator;

// AtlasPS's main job, end to end, in a real PowerShell 7.6 hosted in this process:
// connect, find the organization, create a cost-tool API key with two roles, restrict it to five addresses,
// give it read-only access to every project, and show what was made. The private key never reaches the screen.
//
//   dotnet run --project tools/AtlasPS.Demo                 # against a local emulator started here
//   MONGODB_ATLAS_PUBLIC_API_KEY=... MONGODB_ATLAS_PRIVATE_API_KEY=... MONGODB_ATLAS_ORG_ID=... dotnet run --project tools/AtlasPS.Demo
//                                                            # against Atlas (it creates a real key: add --whatif to only show the plan)

bool whatIf = args.Contains("--whatif");
string repo = FindRepoRoot();
string module = FindModule(repo);

EmulatorServer? emulator = null;
var env = new Dictionary<string, string>();
if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MONGODB_ATLAS_PUBLIC_API_KEY")) &&
    string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MONGODB_ATLAS_CLIENT_ID")))
{
    emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });
    Console.WriteLine($"No Atlas credentials in MONGODB_ATLAS_*: using the local emulator at {emulator.BaseUri}");
    env["MONGODB_ATLAS_BASE_URL"] = emulator.BaseUri.ToString();
    env["MONGODB_ATLAS_PUBLIC_API_KEY"] = emulator.Seed.PublicKey;
    env["MONGODB_ATLAS_PRIVATE_API_KEY"] = emulator.Seed.PrivateKey;
    env["MONGODB_ATLAS_ORG_ID"] = emulator.Seed.OrgId;
}

string script = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "QuickStart.ps1"));
var iss = InitialSessionState.CreateDefault2();
if (OperatingSystem.IsWindows()) iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
using var runspace = RunspaceFactory.CreateRunspace(new ConsoleHost(), iss);
runspace.Open();
using var ps = PowerShell.Create(runspace);
foreach (var (k, v) in env) ps.AddCommand("Set-Item").AddParameter("Path", "Env:" + k).AddParameter("Value", v).AddStatement();
ps.AddScript(script).AddParameter("ModulePath", module).AddParameter("WhatIf", whatIf);
// Lines are printed as they come, so the host's "What if:" lines of --whatif stand where they happen.
ps.AddCommand("Out-String").AddParameter("Stream").AddParameter("Width", 160);

int exit = 0;
try
{
    var output = new PSDataCollection<PSObject>();
    output.DataAdded += (_, e) => Console.WriteLine(output[e.Index]);
    ps.Invoke<PSObject>(null, output);
    foreach (var w in ps.Streams.Warning) Console.WriteLine("WARNING: " + w.Message);
    foreach (var e in ps.Streams.Error) { Console.Error.WriteLine("ERROR: " + e); exit = 1; }
}
catch (RuntimeException ex)
{
    Console.Error.WriteLine("ERROR: " + ex.ErrorRecord);
    exit = 1;
}
if (emulator != null) await emulator.DisposeAsync();
return exit;

static string FindRepoRoot()
{
    for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        if (File.Exists(Path.Combine(d.FullName, "AtlasPS.sln"))) return d.FullName;
    throw new InvalidOperationException("Run this from a clone of the AtlasPS repository.");
}

static string FindModule(string repo)
{
    var outDir = Path.Combine(repo, "out", "AtlasPS");
    var manifest = Directory.Exists(outDir)
        ? Directory.GetFiles(outDir, "AtlasPS.psd1", SearchOption.AllDirectories).OrderByDescending(f => f).FirstOrDefault()
        : null;
    return manifest ?? throw new InvalidOperationException($"The built module was not found under {outDir}. Run `dotnet build AtlasPS.sln` first.");
}
