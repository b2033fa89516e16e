using AtlasPS.ModuleBuilder;

// Usage:
//   layout          --repo <root> --configuration Debug --version 0.1.0 --nuget <packages folder>
//   update-manifest --repo <root> --configuration Debug --nuget <packages folder>   (rewrites CmdletsToExport in AtlasPS.psd1)
//   new-docs        --repo <root> --configuration Debug --nuget <packages folder>   (skeleton docs/en-US pages for undocumented cmdlets)
var opts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (int i = 1; i + 1 < args.Length; i += 2) opts[args[i].TrimStart('-')] = args[i + 1];
string Opt(string key, string fallback) => opts.TryGetValue(key, out var v) && v.Length > 0 ? v : fallback;

var repo = new RepoPaths(Opt("repo", RepoPaths.FindRoot(Environment.CurrentDirectory)), Opt("configuration", "Debug"));
var nuget = Opt("nuget", Environment.GetEnvironmentVariable("NUGET_PACKAGES")
    ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"));
var sma = RepoPaths.SmaReference(nuget);

try
{
    switch (args.Length > 0 ? args[0] : "")
    {
        case "layout":
            ModuleLayout.Run(repo, Opt("version", "0.1.0"), sma, Console.Out);
            return 0;
        case "update-manifest":
            var cmdlets = CmdletReader.Read(Path.Combine(repo.Bin("net8.0"), "AtlasPS.dll"), sma).Select(c => c.Name);
            File.WriteAllText(repo.Manifest, ManifestText.ReplaceCmdletsToExport(File.ReadAllText(repo.Manifest), cmdlets));
            Console.WriteLine("Updated CmdletsToExport in " + repo.Manifest);
            return 0;
        case "new-docs":
            // Writes a skeleton page (facts from the assembly, placeholders for the prose) for every cmdlet without one.
            Directory.CreateDirectory(repo.Docs);
            foreach (var c in CmdletReader.Read(Path.Combine(repo.Bin("net8.0"), "AtlasPS.dll"), sma))
            {
                var page = Path.Combine(repo.Docs, c.Name + ".md");
                if (File.Exists(page)) continue;
                File.WriteAllText(page, DocsSkeleton.Write(c));
                Console.WriteLine("Wrote " + page);
            }
            return 0;
        default:
            Console.Error.WriteLine("usage: AtlasPS.ModuleBuilder layout|update-manifest|new-docs --repo <root> --configuration <cfg> [--version <v>] --nuget <packages>");
            return 2;
    }
}
catch (Exception ex)
{
    Console.Error.WriteLine("error ATLASMOD1: " + ex.Message);
    return 1;
}
