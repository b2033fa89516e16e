using System.Text.RegularExpressions;
using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// The README's Layout table is the contract: a name leads to the code. For every exported cmdlet Verb-AtlasNoun
/// (Connect-Atlas and Disconnect-Atlas: noun Connection) the command file, the workflow file and class, the help page
/// and the Pester file are where the table says; every path the table names exists; under src/ no file is over 400
/// lines and each public type has its own file, named as the type (partial files: Type.Part.cs). Core workflow tests
/// sit in tests/AtlasPS.Core.Tests/Workflows/&lt;Noun&gt;/ and are named after the noun. (That nothing under
/// src/AtlasPS.Core/Http names Workflows is checked by AtlasPS.Core.Tests' LayeringTests.)
/// </summary>
public sealed class LayoutRulesTests
{
    public const int MaxLinesPerSourceFile = 400;

    private static string Root => TestPaths.RepoRoot;
    private static string Rel(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    public static IReadOnlyList<string> ExportedCmdlets() =>
        ManifestText.ReadCmdletsToExport(File.ReadAllText(TestPaths.Repo.Manifest)).ToList();

    /// <summary>Verb and noun of a cmdlet name; "Atlas" alone (Connect-Atlas) is the noun Connection.</summary>
    public static (string Verb, string Noun) Split(string cmdlet)
    {
        var dash = cmdlet.IndexOf('-');
        var verb = cmdlet[..dash];
        var rest = cmdlet[(dash + 1)..];
        Assert.StartsWith("Atlas", rest, StringComparison.Ordinal);
        var noun = rest["Atlas".Length..];
        return (verb, noun.Length == 0 ? "Connection" : noun);
    }

    /// <summary>The paths the Layout table gives for one cmdlet, relative to the repository root.</summary>
    public static IEnumerable<(string What, string Path, string? Declares)> ExpectedFiles(string cmdlet)
    {
        var (verb, noun) = Split(cmdlet);
        var commandClass = verb + cmdlet[(cmdlet.IndexOf('-') + 1)..] + "Command";
        yield return ("command", $"src/AtlasPS/Commands/{noun}/{commandClass}.cs", "class " + commandClass);
        yield return ("logic", $"src/AtlasPS.Core/Workflows/{noun}Workflows.cs", $"class {noun}Workflows");
        yield return ("help", $"docs/en-US/{cmdlet}.md", null);
        yield return ("Pester tests", $"tests/pester/{cmdlet}.Tests.ps1", null);
    }

    public static List<string> MissingCmdletFiles(string root, IEnumerable<string> cmdlets)
    {
        var problems = new List<string>();
        foreach (var cmdlet in cmdlets)
            foreach (var (what, path, declares) in ExpectedFiles(cmdlet))
            {
                var full = Path.Combine(root, path);
                if (!File.Exists(full)) problems.Add($"{cmdlet}: its {what} belongs in {path}, which does not exist");
                else if (declares != null && !Regex.IsMatch(File.ReadAllText(full), @"\b" + Regex.Escape(declares) + @"\b"))
                    problems.Add($"{cmdlet}: {path} does not declare '{declares}'");
            }
        return problems;
    }

    [Fact]
    public void Every_exported_cmdlet_has_its_command_workflows_help_and_Pester_file_where_the_Layout_table_says()
    {
        var cmdlets = ExportedCmdlets();
        Assert.NotEmpty(cmdlets);
        var problems = MissingCmdletFiles(Root, cmdlets);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_cmdlet_check_catches_a_planted_cmdlet_without_its_files()
    {
        var problems = MissingCmdletFiles(Root, new[] { "Get-AtlasSampleGadget", "Connect-Atlas" });
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("src/AtlasPS/Commands/SampleGadget/GetAtlasSampleGadgetCommand.cs", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("src/AtlasPS.Core/Workflows/SampleGadgetWorkflows.cs", StringComparison.Ordinal));
        Assert.Equal(("Connect", "Connection"), Split("Connect-Atlas"));
    }

    /// <summary>The backticked paths of the README's Layout table, placeholders (&lt;Noun&gt;) left out.</summary>
    public static List<string> LayoutTablePaths(string readme)
    {
        var start = readme.IndexOf("## Layout", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Layout' section");
        var next = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = next < 0 ? readme[start..] : readme[start..next];
        return section.Split('\n').Where(l => l.StartsWith('|'))
            .SelectMany(l => Regex.Matches(l, "`([^`]+)`").Select(m => m.Groups[1].Value))
            .Where(p => !p.Contains('<') && p.Contains('/') && !p.Contains(' '))
            .Distinct().ToList();
    }

    [Fact]
    public void Every_path_the_Layout_table_names_exists()
    {
        var paths = LayoutTablePaths(File.ReadAllText(Path.Combine(Root, "README.md")));
        Assert.True(paths.Count >= 8, "the Layout table names too few paths: " + string.Join(", ", paths));
        var missing = paths.Where(p => !File.Exists(Path.Combine(Root, p)) && !Directory.Exists(Path.Combine(Root, p))).ToList();
        Assert.True(missing.Count == 0, "README.md's Layout table names paths that do not exist: " + string.Join(", ", missing));
    }

    private static IEnumerable<string> SourceFiles() =>
        Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !Rel(f).Split('/').Any(part => part is "obj" or "bin"));

    [Fact]
    public void No_file_under_src_is_over_400_lines()
    {
        var files = SourceFiles().ToList();
        Assert.NotEmpty(files);
        var tooLong = files.Select(f => (File: Rel(f), Lines: File.ReadAllLines(f).Length))
            .Where(x => x.Lines > MaxLinesPerSourceFile).Select(x => $"{x.File} ({x.Lines} lines)").ToList();
        Assert.True(tooLong.Count == 0, $"Split along the file's seams (partial classes are fine), at most {MaxLinesPerSourceFile} lines: " + string.Join(", ", tooLong));
    }

    private static readonly Regex PublicTypeDeclaration = new(
        @"^(?<indent>[ ]*)public\s+(?:(?:static|sealed|abstract|partial|readonly|unsafe)\s+)*(?:class|record|struct|interface|enum)\s+(?<name>\w+)",
        RegexOptions.Multiline);

    /// <summary>The public types declared at namespace level (not nested) in a C# file.</summary>
    public static List<string> TopLevelPublicTypes(string source)
    {
        var fileScoped = Regex.IsMatch(source, @"^namespace\s+[\w.]+\s*;", RegexOptions.Multiline);
        var blockNamespace = Regex.IsMatch(source, @"^namespace\s+[\w.]+\s*$", RegexOptions.Multiline);
        var indent = fileScoped || !blockNamespace ? 0 : 4;
        return PublicTypeDeclaration.Matches(source).Where(m => m.Groups["indent"].Length == indent)
            .Select(m => m.Groups["name"].Value).Distinct().ToList();
    }

    /// <summary>Files that declare more than one public type, or one not named as the file (Type.cs or Type.Part.cs).</summary>
    public static List<string> TypeFileMismatches(IEnumerable<(string Path, string Source)> files)
    {
        var problems = new List<string>();
        foreach (var (path, source) in files)
        {
            var types = TopLevelPublicTypes(source);
            var stem = Path.GetFileNameWithoutExtension(path).Split('.')[0];
            if (types.Count > 1) problems.Add($"{path} declares {types.Count} public types ({string.Join(", ", types)}): one file each");
            else if (types.Count == 1 && types[0] != stem) problems.Add($"{path} declares public {types[0]}: name the file {types[0]}.cs");
        }
        return problems;
    }

    [Fact]
    public void Each_public_type_under_src_has_its_own_file_named_as_the_type()
    {
        var problems = TypeFileMismatches(SourceFiles().Select(f => (Rel(f), File.ReadAllText(f))));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_type_check_catches_two_public_types_in_one_file_and_a_misnamed_file()
    {
        const string two = "namespace AtlasPS\n{\n    public sealed class Gadget\n    {\n        public sealed class Nested { }\n    }\n\n    public enum GadgetKind { A, B }\n}\n";
        const string misnamed = "namespace AtlasPS.Emulator;\n\npublic sealed class Widget\n{\n    public sealed record Part(string Name);\n}\n";
        const string partial = "namespace AtlasPS\n{\n    public sealed partial class Gadget\n    {\n    }\n}\n";
        var problems = TypeFileMismatches(new[] { ("src/Gadget.cs", two), ("src/Gizmo.cs", misnamed), ("src/Gadgets/Gadget.Part.cs", partial) });
        Assert.Equal(2, problems.Count);
        Assert.Contains("Gadget, GadgetKind", problems[0], StringComparison.Ordinal);
        Assert.Contains("name the file Widget.cs", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Core_workflow_tests_sit_in_a_folder_per_cmdlet_noun_and_are_named_after_it()
    {
        var nouns = ExportedCmdlets().Select(c => Split(c).Noun).ToHashSet(StringComparer.Ordinal);
        var dir = Path.Combine(Root, "tests", "AtlasPS.Core.Tests", "Workflows");
        var problems = new List<string>();
        foreach (var folder in Directory.GetDirectories(dir).Select(Path.GetFileName).OfType<string>())
        {
            if (folder is "Shared" or "bin" or "obj") continue;
            if (!nouns.Contains(folder)) { problems.Add($"tests/AtlasPS.Core.Tests/Workflows/{folder}/ is not named after a cmdlet noun"); continue; }
            foreach (var file in Directory.GetFiles(Path.Combine(dir, folder), "*Tests.cs").Select(Path.GetFileName).OfType<string>())
                if (!file.StartsWith(folder, StringComparison.Ordinal))
                    problems.Add($"tests/AtlasPS.Core.Tests/Workflows/{folder}/{file}: name it {folder}...Tests.cs");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Empty(Directory.GetFiles(dir, "*Tests.cs")); // no workflow tests outside a noun folder (shared ones: Workflows/Shared/)
    }
}
