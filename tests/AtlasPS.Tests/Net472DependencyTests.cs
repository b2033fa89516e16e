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
}
