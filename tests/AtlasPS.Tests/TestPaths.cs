using System.Reflection;
using AtlasPS.ModuleBuilder;

namespace AtlasPS.Tests;

/// <summary>Where the built module, the repository, the reference assemblies and the planted samples are.</summary>
internal static class TestPaths
{
    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "";

    public static string RepoRoot { get; } = RepoPaths.FindRoot(AppContext.BaseDirectory);
    public static RepoPaths Repo { get; } = new(RepoRoot);
    public static string Version => Metadata("ModuleVersion");

    public static string NuGetRoot
    {
        get
        {
            var fromBuild = Metadata("NuGetPackageRoot");
            if (fromBuild.Length > 0 && Directory.Exists(fromBuild)) return fromBuild;
            return Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }
    }

    /// <summary>PowerShellStandard.Library's System.Management.Automation reference assembly (5.1 surface).</summary>
    public static string SmaReference => RepoPaths.SmaReference(NuGetRoot);

    /// <summary>The .NET Framework 4.7.2 reference assemblies (with Facades).</summary>
    public static string Net472ReferenceDir =>
        Path.Combine(NuGetRoot, "microsoft.netframework.referenceassemblies.net472", "1.0.3", "build", ".NETFramework", "v4.7.2");

    /// <summary>out/AtlasPS/&lt;version&gt;: laid out by the normal build of the solution.</summary>
    public static string OutModule
    {
        get
        {
            var dir = Repo.OutModule(Version);
            if (!File.Exists(Path.Combine(dir, "AtlasPS.psd1")))
                throw new InvalidOperationException($"The module is not laid out in {dir}. Run: dotnet build AtlasPS.sln");
            return dir;
        }
    }

    public static string ModuleAssembly => Path.Combine(OutModule, "bin", "net8.0", "AtlasPS.dll");
    public static string SampleAssembly => Path.Combine(AppContext.BaseDirectory, "SurfaceSamples.dll");
    public static string SamplesDir => Path.Combine(RepoRoot, "tests", "AtlasPS.Tests", "Samples");
    public static string FormatXsd => Path.Combine(RepoRoot, "..", "shared", "pwsh", "Format.xsd");
}

/// <summary>
/// A test that validates against PowerShell's Format.xsd from ../shared/pwsh: reported as skipped, with where the file is
/// expected, in a clone without ../shared; ATLASPS_REQUIRE_SPEC=1 (set by .ci/run) makes a missing file a failure.
/// </summary>
public sealed class FormatXsdFactAttribute : Xunit.FactAttribute
{
    public FormatXsdFactAttribute()
    {
        bool required = Environment.GetEnvironmentVariable("ATLASPS_REQUIRE_SPEC") is "1" or "true" or "True" or "TRUE";
        if (!required && !File.Exists(TestPaths.FormatXsd))
            Skip = $"PowerShell's Format.xsd is not at {Path.GetFullPath(TestPaths.FormatXsd)} (../shared/pwsh/ beside the repository): the format file's schema check needs it. Set ATLASPS_REQUIRE_SPEC=1 to make this a failure.";
    }
}

/// <summary>The cmdlets of the built module and of the sample assembly, read once.</summary>
internal static class Surfaces
{
    private static readonly Lazy<IReadOnlyList<CmdletModel>> module = new(() => CmdletReader.Read(TestPaths.ModuleAssembly, TestPaths.SmaReference));
    private static readonly Lazy<IReadOnlyList<CmdletModel>> samples = new(() => CmdletReader.Read(TestPaths.SampleAssembly, TestPaths.SmaReference));
    private static readonly Lazy<IReadOnlySet<string>> verbs = new(() =>
    {
        using var mlc = CmdletReader.CreateContext(TestPaths.SmaReference, TestPaths.SmaReference);
        return CmdletReader.ReadApprovedVerbs(mlc, TestPaths.SmaReference);
    });

    public static IReadOnlyList<CmdletModel> Module => module.Value;
    public static IReadOnlyList<CmdletModel> Samples => samples.Value;
    public static IReadOnlySet<string> ApprovedVerbs => verbs.Value;

    public static CmdletModel Sample(string name) => Samples.Single(c => c.Name == name);
}
