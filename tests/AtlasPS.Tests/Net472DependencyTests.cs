using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// Windows PowerShell 5.1 gives a module no binding redirects. Every reference of every dll shipped in bin/net472
/// must be satisfiable: the exact version is shipped, or it is a .NET Framework 4.7.2 assembly, or PowerShell itself
/// provides it, or ModuleInit's AssemblyResolve handler covers it (same simple name shipped, other version).
/// </summary>
public sealed class Net472DependencyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    internal sealed record AuditResult(List<string> Unresolved, List<string> CoveredByHandler, int ReferencesChecked);

    private static readonly string[] HostProvided = { "System.Management.Automation", "Microsoft.Management.Infrastructure" };

    internal static AuditResult Audit(string binDir, string frameworkRefDir)
    {
        var framework = Directory.GetFiles(frameworkRefDir, "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(frameworkRefDir, "Facades"), "*.dll"))
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        framework.Add("mscorlib");

        var shipped = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        var references = new List<(string From, string Name, Version Version)>();
        foreach (var dll in Directory.GetFiles(binDir, "*.dll"))
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            var def = md.GetAssemblyDefinition();
            shipped[md.GetString(def.Name)] = def.Version;
            foreach (var h in md.AssemblyReferences)
            {
                var r = md.GetAssemblyReference(h);
                references.Add((Path.GetFileName(dll), md.GetString(r.Name), r.Version));
            }
        }

        var unresolved = new List<string>();
        var covered = new List<string>();
        foreach (var (from, name, version) in references)
        {
            if (shipped.TryGetValue(name, out var v))
            {
                if (v != version) covered.Add($"{from} -> {name} {version} (ships {v}; the AssemblyResolve handler loads it)");
            }
            else if (!framework.Contains(name) && !HostProvided.Contains(name, StringComparer.OrdinalIgnoreCase))
                unresolved.Add($"{from} -> {name} {version}: not shipped in bin/net472, not a .NET Framework 4.7.2 assembly");
        }
        return new AuditResult(unresolved, covered, references.Count);
    }

    private static string Bin => Path.Combine(TestPaths.OutModule, "bin", "net472");

    [Fact]
    public void Every_reference_of_the_shipped_net472_dlls_resolves()
    {
        var result = Audit(Bin, TestPaths.Net472ReferenceDir);
        Violations.None(result.Unresolved);
        Assert.True(result.ReferencesChecked > 50);
        output.WriteLine($"{result.ReferencesChecked} references checked; covered by the AssemblyResolve handler:");
        foreach (var c in result.CoveredByHandler) output.WriteLine("  " + c);
        // The version mismatches are real (that is why the handler exists): e.g. System.Text.Json asks for
        // another System.Runtime.CompilerServices.Unsafe / System.Memory than the one shipped.
        Assert.NotEmpty(result.CoveredByHandler);
    }

    [Fact]
    public void Audit_catches_a_planted_missing_dependency()
    {
        var dir = Directory.CreateTempSubdirectory("atlasps-net472-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(Bin, "*.dll"))
                if (!Path.GetFileName(f).Equals("System.Runtime.CompilerServices.Unsafe.dll", StringComparison.OrdinalIgnoreCase))
                    File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            var result = Audit(dir, TestPaths.Net472ReferenceDir);
            Assert.NotEmpty(result.Unresolved);
            Assert.All(result.Unresolved, u => Assert.Contains("System.Runtime.CompilerServices.Unsafe", u));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Net472_assembly_has_the_module_initializer_and_the_net8_one_does_not()
    {
        static List<string> Initializers(string dll, IEnumerable<string> dirs, string core)
        {
            var paths = dirs.SelectMany(d => Directory.GetFiles(d, "*.dll")).GroupBy(Path.GetFileName).Select(g => g.First()).ToList();
            paths.RemoveAll(p => Path.GetFileName(p) == "System.Management.Automation.dll");
            paths.Add(TestPaths.SmaReference);
            using var mlc = new MetadataLoadContext(new PathAssemblyResolver(paths), core);
            return mlc.LoadFromAssemblyPath(dll).GetTypes()
                .Where(t => t.GetInterfaces().Any(i => i.FullName == "System.Management.Automation.IModuleAssemblyInitializer"))
                .Select(t => t.FullName!).ToList();
        }

        var net472 = Initializers(Path.Combine(Bin, "AtlasPS.dll"),
            new[] { Bin, TestPaths.Net472ReferenceDir, Path.Combine(TestPaths.Net472ReferenceDir, "Facades") }, "mscorlib");
        Assert.Equal(new[] { "AtlasPS.Commands.ModuleInit" }, net472);

        var net8Bin = Path.Combine(TestPaths.OutModule, "bin", "net8.0");
        var net8 = Initializers(Path.Combine(net8Bin, "AtlasPS.dll"),
            new[] { net8Bin, Path.Combine(net8Bin, "dependencies"), Path.GetDirectoryName(typeof(object).Assembly.Location)! }, "System.Private.CoreLib");
        Assert.Empty(net8);
    }

    /// <summary>
    /// Windows PowerShell allows 2 connections per server by default: concurrent pages and -ThrottleLimit fan-out would
    /// queue behind two sockets unless the net472 transport sets its own limit. Checked in the shipped dll's metadata,
    /// since no .NET Framework runs here.
    /// </summary>
    [Fact]
    public void The_net472_transport_lifts_the_two_connection_default()
    {
        using var pe = new PEReader(File.OpenRead(Path.Combine(Bin, "AtlasPS.Core.dll")));
        var md = pe.GetMetadataReader();
        var setters = md.MemberReferences.Select(md.GetMemberReference)
            .Where(m => md.GetString(m.Name) == "set_MaxConnectionsPerServer" && m.Parent.Kind == HandleKind.TypeReference)
            .Select(m => md.GetTypeReference((TypeReferenceHandle)m.Parent))
            .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
            .ToList();
        Assert.Contains("System.Net.Http.HttpClientHandler", setters);
    }

    /// <summary>
    /// Shipped assemblies that .NET Framework 4.7.2 itself provides (Windows PowerShell 5.1 loads those from the GAC),
    /// each deliberate and why. Each is a package facade: it defines no public type and forwards every type to the
    /// framework, so whichever copy loads (the GAC's when it has the asked-for version, else ours through the
    /// AssemblyResolve handler), the types are the framework's and no type exists twice.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string> DeliberateFrameworkCopies = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["System.ComponentModel.Annotations"] = "Polly.Core references it; a facade forwarding to System.ComponentModel.DataAnnotations",
    };

    /// <summary>
    /// Every shipped dll that is also a .NET Framework 4.7.2 assembly (reference set and Facades) or a PowerShell one,
    /// unless listed in <paramref name="deliberate"/> AND a pure facade (no public type defined, types forwarded).
    /// </summary>
    internal static List<string> FrameworkCollisions(string binDir, string frameworkRefDir, IReadOnlyDictionary<string, string> deliberate)
    {
        var framework = Directory.GetFiles(frameworkRefDir, "*.dll")
            .Concat(Directory.GetFiles(Path.Combine(frameworkRefDir, "Facades"), "*.dll"))
            .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        framework.Add("mscorlib");
        var problems = new List<string>();
        foreach (var dll in Directory.GetFiles(binDir, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(dll);
            bool host = HostProvided.Contains(name, StringComparer.OrdinalIgnoreCase) || name.StartsWith("Microsoft.PowerShell.", StringComparison.OrdinalIgnoreCase);
            if (!framework.Contains(name) && !host) continue;
            if (host || !deliberate.ContainsKey(name))
            {
                problems.Add($"{name}.dll is shipped in bin/net472 but Windows PowerShell 5.1 loads {name} from the GAC: the module's copy would be ignored or loaded beside it (two types of one name). Use the framework's (a <Reference>, not a package), or list it in DeliberateFrameworkCopies with the reason.");
                continue;
            }
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            var publicTypes = md.TypeDefinitions.Select(md.GetTypeDefinition)
                .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
                .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name)).ToList();
            if (publicTypes.Count > 0 || md.ExportedTypes.Count == 0)
                problems.Add($"{name}.dll is listed as a deliberate copy of a framework assembly, but it is not a pure facade: it defines {string.Join(", ", publicTypes.Take(5))}{(publicTypes.Count > 5 ? "..." : "")} ({md.ExportedTypes.Count} forwarded types). On 5.1 those types would exist twice.");
        }
        return problems;
    }

    [Fact]
    public void No_shipped_net472_dll_is_one_that_Windows_PowerShell_loads_from_the_GAC_unless_deliberate()
    {
        Violations.None(FrameworkCollisions(Bin, TestPaths.Net472ReferenceDir, DeliberateFrameworkCopies));
        // The list says why each copy is there: a stale entry (no longer shipped) is removed.
        foreach (var name in DeliberateFrameworkCopies.Keys)
            Assert.True(File.Exists(Path.Combine(Bin, name + ".dll")), $"{name} is listed in DeliberateFrameworkCopies but no longer shipped: remove the entry.");
    }

    [Fact]
    public void GAC_check_catches_a_planted_System_Net_Http_and_a_listed_copy_that_is_not_a_facade()
    {
        var dir = Directory.CreateTempSubdirectory("atlasps-net472-gac-").FullName;
        try
        {
            foreach (var f in Directory.GetFiles(Bin, "*.dll")) File.Copy(f, Path.Combine(dir, Path.GetFileName(f)));
            // A System.Net.Http from a package: defines HttpClient beside the framework's.
            File.Copy(Path.Combine(TestPaths.Net472ReferenceDir, "System.Net.Http.dll"), Path.Combine(dir, "System.Net.Http.dll"));
            var planted = FrameworkCollisions(dir, TestPaths.Net472ReferenceDir, DeliberateFrameworkCopies);
            Assert.Contains(planted, p => p.StartsWith("System.Net.Http.dll is shipped", StringComparison.Ordinal));
            Assert.Single(planted);

            // Listed as deliberate, but a real implementation rather than a facade: still refused.
            var lenient = new Dictionary<string, string>(DeliberateFrameworkCopies, StringComparer.OrdinalIgnoreCase) { ["System.Net.Http"] = "test" };
            var notFacade = FrameworkCollisions(dir, TestPaths.Net472ReferenceDir, lenient);
            Assert.Contains(notFacade, p => p.StartsWith("System.Net.Http.dll is listed", StringComparison.Ordinal) && p.Contains("System.Net.Http.HttpClient"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// Refit depends on the System.Net.Http 4.3.4 package. On .NET Framework that package's assembly would replace the
    /// framework's HttpClient stack (and its handler types) for the whole module: its runtime asset is excluded, so
    /// System.Net.Http comes from the .NET Framework, and every shipped reference to it is to the framework's 4.0.0.0.
    /// </summary>
    [Fact]
    public void System_Net_Http_comes_from_the_framework_not_from_the_package_Refit_depends_on()
    {
        Assert.True(File.Exists(Path.Combine(Bin, "Refit.dll")), "Refit.dll is not shipped in bin/net472");
        Assert.False(File.Exists(Path.Combine(Bin, "System.Net.Http.dll")), "bin/net472 ships System.Net.Http.dll (the 4.3.4 package's runtime asset)");
        Assert.True(File.Exists(Path.Combine(TestPaths.Net472ReferenceDir, "System.Net.Http.dll")), "the .NET Framework 4.7.2 reference assemblies have no System.Net.Http.dll");
        Version framework;
        using (var fpe = new PEReader(File.OpenRead(Path.Combine(TestPaths.Net472ReferenceDir, "System.Net.Http.dll"))))
            framework = fpe.GetMetadataReader().GetAssemblyDefinition().Version;
        var versions = new List<(string From, Version Version)>();
        foreach (var dll in Directory.GetFiles(Bin, "*.dll"))
        {
            using var pe = new PEReader(File.OpenRead(dll));
            var md = pe.GetMetadataReader();
            foreach (var h in md.AssemblyReferences)
            {
                var r = md.GetAssemblyReference(h);
                if (md.GetString(r.Name) == "System.Net.Http") versions.Add((Path.GetFileName(dll), r.Version));
            }
        }
        output.WriteLine("framework System.Net.Http " + framework + "; referenced: " + string.Join(", ", versions.Select(v => v.From + " -> " + v.Version)));
        Assert.Contains(versions, v => v.From == "Refit.dll");
        // No shipped dll asks for a System.Net.Http newer than the framework's: the framework's assembly satisfies every reference.
        Assert.All(versions, v => Assert.True(v.Version <= framework, $"{v.From} references System.Net.Http {v.Version}, newer than the framework's {framework}"));
    }
}
