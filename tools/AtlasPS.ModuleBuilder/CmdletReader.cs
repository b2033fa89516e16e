using System.Reflection;

namespace AtlasPS.ModuleBuilder;

/// <summary>One parameter's membership in one parameter set, as its [Parameter] attribute says.</summary>
public sealed record ParameterSetEntry(string SetName, bool Mandatory, int Position, bool ValueFromPipeline, bool ValueFromPipelineByPropertyName)
{
    public const string AllSets = "__AllParameterSets";
    public bool HasPosition => Position != int.MinValue;
}

public sealed record CmdletParameter(string Name, string TypeName, IReadOnlyList<string> Aliases, IReadOnlyList<ParameterSetEntry> Entries);

/// <summary>A cmdlet class as PowerShell's binder would see it, read from metadata (nothing is executed).</summary>
public sealed record CmdletModel(
    string Verb, string Noun, string ClassName, string FullClassName, bool IsSealed, bool IsPublic,
    bool SupportsShouldProcess, string ConfirmImpact, bool SupportsPaging, string? DefaultParameterSetName,
    IReadOnlyList<string> OutputTypes, IReadOnlyList<CmdletParameter> Parameters)
{
    public string Name => Verb + "-" + Noun;

    /// <summary>Named parameter sets, or the single implicit set when none is named.</summary>
    public IReadOnlyList<string> SetNames
    {
        get
        {
            var named = Parameters.SelectMany(p => p.Entries).Select(e => e.SetName)
                .Where(n => n != ParameterSetEntry.AllSets).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // A DefaultParameterSetName that no parameter declares is a real, parameterless set to PowerShell
            // (the cmdlet runs in it when only all-sets parameters are given).
            if (!string.IsNullOrEmpty(DefaultParameterSetName) && !named.Contains(DefaultParameterSetName!, StringComparer.OrdinalIgnoreCase))
                named.Add(DefaultParameterSetName!);
            named.Sort(StringComparer.Ordinal);
            return named.Count > 0 ? named : new List<string> { ParameterSetEntry.AllSets };
        }
    }

    /// <summary>The parameters of one set with their entry for that set (an all-sets entry applies to every set).</summary>
    /// <summary>Sets that at least one parameter declares by name.</summary>
    public IReadOnlyList<string> DeclaredSetNames =>
        Parameters.SelectMany(p => p.Entries).Select(e => e.SetName).Where(n => n != ParameterSetEntry.AllSets)
            .Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public IReadOnlyList<(CmdletParameter Parameter, ParameterSetEntry Entry)> ParametersIn(string set)
    {
        var list = new List<(CmdletParameter, ParameterSetEntry)>();
        foreach (var p in Parameters)
        {
            var e = p.Entries.FirstOrDefault(x => string.Equals(x.SetName, set, StringComparison.OrdinalIgnoreCase))
                    ?? p.Entries.FirstOrDefault(x => x.SetName == ParameterSetEntry.AllSets);
            if (e is not null) list.Add((p, e));
        }
        return list;
    }
}

/// <summary>Reads [Cmdlet] classes from an assembly with MetadataLoadContext.</summary>
public static class CmdletReader
{
    /// <summary>
    /// Loads <paramref name="assemblyPath"/> in a MetadataLoadContext whose resolver sees the assembly's folder, the
    /// System.Management.Automation reference assembly, and the running runtime's assemblies.
    /// </summary>
    public static MetadataLoadContext CreateContext(string assemblyPath, string smaReferencePath, IEnumerable<string>? extraDirectories = null)
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        void AddDir(string dir)
        {
            if (!Directory.Exists(dir)) return;
            foreach (var f in Directory.GetFiles(dir, "*.dll"))
                paths.TryAdd(Path.GetFileNameWithoutExtension(f), f);
        }
        AddDir(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!);
        // The laid-out net8.0 module keeps AtlasPS.Core and the libraries in bin/net8.0/dependencies (ModuleLayout.DependencyFolder).
        AddDir(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, ModuleLayout.DependencyFolder));
        foreach (var d in extraDirectories ?? Array.Empty<string>()) AddDir(d);
        paths["System.Management.Automation"] = smaReferencePath;
        AddDir(Path.GetDirectoryName(typeof(object).Assembly.Location)!);
        return new MetadataLoadContext(new PathAssemblyResolver(paths.Values), "System.Private.CoreLib");
    }

    public static IReadOnlyList<CmdletModel> Read(string assemblyPath, string smaReferencePath)
    {
        using var mlc = CreateContext(assemblyPath, smaReferencePath);
        return Read(mlc.LoadFromAssemblyPath(Path.GetFullPath(assemblyPath)));
    }

    public static IReadOnlyList<CmdletModel> Read(Assembly assembly)
    {
        var result = new List<CmdletModel>();
        foreach (var type in assembly.GetTypes())
        {
            if (!type.IsClass || type.IsAbstract) continue;
            var cmdletAttr = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == "System.Management.Automation.CmdletAttribute");
            if (cmdletAttr is null) continue;
            result.Add(ReadCmdlet(type, cmdletAttr));
        }
        return result.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static CmdletModel ReadCmdlet(Type type, CustomAttributeData attr)
    {
        var verb = (string)attr.ConstructorArguments[0].Value!;
        var noun = (string)attr.ConstructorArguments[1].Value!;
        bool shouldProcess = false, paging = false;
        string impact = "Medium";
        string? defaultSet = null;
        foreach (var na in attr.NamedArguments)
        {
            switch (na.MemberName)
            {
                case "SupportsShouldProcess": shouldProcess = (bool)na.TypedValue.Value!; break;
                case "SupportsPaging": paging = (bool)na.TypedValue.Value!; break;
                case "DefaultParameterSetName": defaultSet = (string?)na.TypedValue.Value; break;
                case "ConfirmImpact": impact = EnumName(na.TypedValue.ArgumentType, na.TypedValue.Value); break;
            }
        }

        var outputTypes = new List<string>();
        foreach (var ot in type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == "System.Management.Automation.OutputTypeAttribute"))
        {
            foreach (var arg in ot.ConstructorArguments)
            {
                var values = arg.Value is IEnumerable<CustomAttributeTypedArgument> arr ? arr.Select(a => a.Value) : new[] { arg.Value };
                foreach (var v in values)
                {
                    if (v is Type t) outputTypes.Add(t.FullName ?? t.Name);
                    else if (v is string s) outputTypes.Add(s);
                }
            }
        }

        var parameters = new List<CmdletParameter>();
        foreach (var prop in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var attrs = prop.GetCustomAttributesData();
            var paramAttrs = attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.ParameterAttribute").ToList();
            if (paramAttrs.Count == 0) continue;
            var entries = paramAttrs.Select(ReadEntry).ToList();
            var aliases = attrs.Where(a => a.AttributeType.FullName == "System.Management.Automation.AliasAttribute")
                .SelectMany(a => a.ConstructorArguments)
                .SelectMany(arg => arg.Value is IEnumerable<CustomAttributeTypedArgument> arr ? arr.Select(x => (string)x.Value!) : new[] { (string)arg.Value! })
                .ToList();
            parameters.Add(new CmdletParameter(prop.Name, FriendlyTypeName(prop.PropertyType), aliases, entries));
        }

        return new CmdletModel(verb, noun, type.Name, type.FullName ?? type.Name, type.IsSealed, type.IsPublic,
            shouldProcess, impact, paging, defaultSet, outputTypes, parameters);
    }

    private static ParameterSetEntry ReadEntry(CustomAttributeData a)
    {
        string set = ParameterSetEntry.AllSets;
        bool mandatory = false, vfp = false, vfpbpn = false;
        int position = int.MinValue;
        foreach (var na in a.NamedArguments)
        {
            switch (na.MemberName)
            {
                case "ParameterSetName": set = (string)na.TypedValue.Value!; break;
                case "Mandatory": mandatory = (bool)na.TypedValue.Value!; break;
                case "Position": position = (int)na.TypedValue.Value!; break;
                case "ValueFromPipeline": vfp = (bool)na.TypedValue.Value!; break;
                case "ValueFromPipelineByPropertyName": vfpbpn = (bool)na.TypedValue.Value!; break;
            }
        }
        return new ParameterSetEntry(set, mandatory, position, vfp, vfpbpn);
    }

    private static string EnumName(Type enumType, object? value)
    {
        foreach (var f in enumType.GetFields(BindingFlags.Public | BindingFlags.Static))
            if (Equals(f.GetRawConstantValue(), value)) return f.Name;
        return Convert.ToString(value) ?? "";
    }

    /// <summary>The type name as platyPS writes it: the simple name, [] for arrays, Nullable unwrapped.</summary>
    public static string FriendlyTypeName(Type t)
    {
        if (t.IsArray) return FriendlyTypeName(t.GetElementType()!) + "[]";
        if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1")
            return FriendlyTypeName(t.GetGenericArguments()[0]);
        if (t.IsGenericType)
        {
            var n = t.Name[..t.Name.IndexOf('`')];
            return n + "`" + t.GetGenericArguments().Length + "[" + string.Join(", ", t.GetGenericArguments().Select(FriendlyTypeName)) + "]";
        }
        return t.Name;
    }

    /// <summary>The string constants of the approved-verb classes (VerbsCommon, VerbsData, ...) in an SMA assembly.</summary>
    public static IReadOnlySet<string> ReadApprovedVerbs(MetadataLoadContext mlc, string smaReferencePath)
    {
        var sma = mlc.LoadFromAssemblyPath(smaReferencePath);
        var verbs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var cls in new[] { "VerbsCommon", "VerbsData", "VerbsLifecycle", "VerbsSecurity", "VerbsCommunications", "VerbsDiagnostic", "VerbsOther" })
        {
            var t = sma.GetType("System.Management.Automation." + cls, throwOnError: true)!;
            foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
                verbs.Add((string)f.GetRawConstantValue()!);
        }
        return verbs;
    }
}
