using System.Reflection;
using AtlasPS.ModuleBuilder;

namespace AtlasPS.Tests;

/// <summary>Types of a set of assemblies, read with MetadataLoadContext (nothing is executed).</summary>
internal sealed class TypeCatalog
{
    private readonly List<Assembly> assemblies = new();
    private readonly MetadataLoadContext mlc;

    public TypeCatalog(string smaReference, params string[] assemblyPaths)
    {
        mlc = CmdletReader.CreateContext(assemblyPaths[0], smaReference, assemblyPaths.Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!));
        foreach (var p in assemblyPaths) assemblies.Add(mlc.LoadFromAssemblyPath(Path.GetFullPath(p)));
        assemblies.Add(mlc.CoreAssembly!);
    }

    public Type? Find(string fullName)
    {
        foreach (var a in assemblies)
        {
            var t = a.GetType(fullName, throwOnError: false, ignoreCase: false);
            if (t is not null) return t;
        }
        return null;
    }

    /// <summary>Public instance property names of a type (inherited ones included), or null when the type is unknown.</summary>
    public IReadOnlySet<string>? Properties(string fullName)
    {
        var t = Find(fullName);
        if (t is null) return null;
        return t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static readonly Lazy<TypeCatalog> module = new(() =>
    {
        var bin = Path.GetDirectoryName(TestPaths.ModuleAssembly)!;
        return new TypeCatalog(TestPaths.SmaReference, TestPaths.ModuleAssembly, Path.Combine(bin, ModuleLayout.DependencyFolder, "AtlasPS.Core.dll"));
    });
    private static readonly Lazy<TypeCatalog> samples = new(() => new TypeCatalog(TestPaths.SmaReference, TestPaths.SampleAssembly));

    public static TypeCatalog Module => module.Value;
    public static TypeCatalog Samples => samples.Value;
}
