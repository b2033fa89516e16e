namespace AtlasPS.ModuleBuilder;

/// <summary>Where things are in the repository and in the laid-out module.</summary>
public sealed class RepoPaths
{
    public RepoPaths(string root, string configuration = "Debug")
    {
        Root = Path.GetFullPath(root);
        Configuration = configuration;
    }

    public string Root { get; }
    public string Configuration { get; }
    public string Manifest => Path.Combine(Root, "AtlasPS.psd1");
    public string ModuleSource => Path.Combine(Root, "src", "AtlasPS");
    public string Loader => Path.Combine(ModuleSource, "AtlasPS.psm1");
    public string MainFormat => Path.Combine(ModuleSource, "AtlasPS.Format.ps1xml");
    public IEnumerable<string> FormatFragments =>
        Directory.Exists(Path.Combine(ModuleSource, "Formats"))
            ? Directory.GetFiles(Path.Combine(ModuleSource, "Formats"), "*.Format.ps1xml").OrderBy(f => f, StringComparer.Ordinal)
            : Enumerable.Empty<string>();
    public string Docs => Path.Combine(Root, "docs", "en-US");
    public string Bin(string tfm) => Path.Combine(ModuleSource, "bin", Configuration, tfm);
    public string OutModule(string version) => Path.Combine(Root, "out", "AtlasPS", version);

    public IEnumerable<string> CmdletPages =>
        Directory.Exists(Docs)
            ? Directory.GetFiles(Docs, "*-*.md").Where(f => !Path.GetFileName(f).StartsWith("about_", StringComparison.OrdinalIgnoreCase)).OrderBy(f => f, StringComparer.Ordinal)
            : Enumerable.Empty<string>();

    public IEnumerable<string> AboutPages =>
        Directory.Exists(Docs) ? Directory.GetFiles(Docs, "about_*.md").OrderBy(f => f, StringComparer.Ordinal) : Enumerable.Empty<string>();

    /// <summary>Walks up from <paramref name="start"/> to the folder holding AtlasPS.sln.</summary>
    public static string FindRoot(string start)
    {
        var dir = new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AtlasPS.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("No AtlasPS.sln above " + start);
    }

    public static string SmaReference(string nugetRoot) =>
        Path.Combine(nugetRoot, "powershellstandard.library", "5.1.1", "lib", "netstandard2.0", "System.Management.Automation.dll");
}

/// <summary>Lays out out/AtlasPS/&lt;version&gt;/ from the build outputs and the sources.</summary>
public static class ModuleLayout
{
    public static readonly string[] TargetFrameworks = { "net472", "net8.0" };

    /// <summary>
    /// bin/net8.0/dependencies: on PowerShell 7 everything but the cmdlet assembly (AtlasPS.dll) loads into the module's
    /// private AssemblyLoadContext from this folder (src/AtlasPS/DependencyLoadContext.cs). net472 stays flat (5.1 has
    /// one AppDomain; ModuleInit resolves from bin/net472).
    /// </summary>
    public const string DependencyFolder = "dependencies";

    public static bool PrivateDependency(string tfm, string fileName) =>
        tfm == "net8.0" && !Path.GetFileNameWithoutExtension(fileName).Equals("AtlasPS", StringComparison.OrdinalIgnoreCase);

    public static string Run(RepoPaths repo, string version, string smaReference, TextWriter log)
    {
        var outDir = repo.OutModule(version);
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        Directory.CreateDirectory(outDir);

        foreach (var tfm in TargetFrameworks)
        {
            var src = repo.Bin(tfm);
            if (!File.Exists(Path.Combine(src, "AtlasPS.dll")))
                throw new FileNotFoundException("AtlasPS is not built for " + tfm + " (expected " + src + "/AtlasPS.dll).");
            var dst = Path.Combine(outDir, "bin", tfm);
            Directory.CreateDirectory(dst);
            foreach (var f in Directory.GetFiles(src))
            {
                var name = Path.GetFileName(f);
                var isOurPdb = name.EndsWith(".pdb", StringComparison.OrdinalIgnoreCase) && name.StartsWith("AtlasPS", StringComparison.OrdinalIgnoreCase);
                if (!name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !isOurPdb) continue;
                if (name.Equals("System.Management.Automation.dll", StringComparison.OrdinalIgnoreCase)) continue;
                File.Copy(f, Path.Combine(PrivateDependency(tfm, name) ? Directory.CreateDirectory(Path.Combine(dst, DependencyFolder)).FullName : dst, name), overwrite: true);
            }
        }

        // Manifest: the source manifest with the version of this build and the cmdlets the assembly really has.
        var cmdlets = CmdletReader.Read(Path.Combine(repo.Bin("net8.0"), "AtlasPS.dll"), smaReference).Select(c => c.Name).ToList();
        var psd1 = File.ReadAllText(repo.Manifest);
        psd1 = ManifestText.ReplaceModuleVersion(ManifestText.ReplaceCmdletsToExport(psd1, cmdlets), version);
        File.WriteAllText(Path.Combine(outDir, "AtlasPS.psd1"), psd1);
        File.Copy(repo.Loader, Path.Combine(outDir, "AtlasPS.psm1"));
        // Class-based DSC resources (a script module listed in the manifest's NestedModules).
        var dsc = Path.Combine(repo.ModuleSource, "DSCResources");
        if (Directory.Exists(dsc))
        {
            Directory.CreateDirectory(Path.Combine(outDir, "DSCResources"));
            foreach (var f in Directory.GetFiles(dsc, "*.psm1"))
                File.Copy(f, Path.Combine(outDir, "DSCResources", Path.GetFileName(f)));
        }

        FormatMerger.Merge(repo.MainFormat, repo.FormatFragments).Save(Path.Combine(outDir, "AtlasPS.Format.ps1xml"));

        var help = Path.Combine(outDir, "en-US");
        Directory.CreateDirectory(help);
        var pages = repo.CmdletPages.Select(PlatyMarkdown.ParseFile).ToList();
        MamlWriter.WriteFile(pages, Path.Combine(help, "AtlasPS.dll-Help.xml"));
        foreach (var about in repo.AboutPages)
            File.WriteAllText(Path.Combine(help, Path.GetFileNameWithoutExtension(about) + ".help.txt"), AboutHelp.ToHelpText(File.ReadAllText(about)));

        log.WriteLine($"AtlasPS module laid out in {outDir}: {cmdlets.Count} cmdlets, {pages.Count} help pages.");
        return outDir;
    }
}
