using System.Text;
using System.Text.RegularExpressions;

namespace AtlasPS.ModuleBuilder;

public sealed class HelpExample
{
    public string Title { get; set; } = "";
    public string Code { get; set; } = "";
    public string Remarks { get; set; } = "";
}

/// <summary>One ```yaml block of a parameter: the facts for the sets it lists.</summary>
public sealed class HelpParameterFacts
{
    public string Type { get; set; } = "";
    /// <summary>Set names, or "(All)".</summary>
    public List<string> ParameterSets { get; } = new();
    public List<string> Aliases { get; } = new();
    public bool Required { get; set; }
    /// <summary>"Named" or a number.</summary>
    public string Position { get; set; } = "Named";
    public string DefaultValue { get; set; } = "None";
    /// <summary>"False", "True (ByValue)", "True (ByPropertyName)", "True (ByPropertyName, ByValue)".</summary>
    public string PipelineInput { get; set; } = "False";
    public bool Globbing { get; set; }
    public bool AppliesToAllSets => ParameterSets.Count == 0 || ParameterSets.Any(s => s.Equals("(All)", StringComparison.OrdinalIgnoreCase));
}

public sealed class HelpParameter
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public List<HelpParameterFacts> Facts { get; } = new();
}

public sealed class HelpSyntax
{
    public string SetName { get; set; } = "";
    public bool IsDefault { get; set; }
    public string Code { get; set; } = "";
}

public sealed class HelpInputOutput
{
    public string TypeName { get; set; } = "";
    public string Description { get; set; } = "";
}

/// <summary>A platyPS cmdlet page.</summary>
public sealed class CommandHelp
{
    public string SourcePath { get; set; } = "";
    public Dictionary<string, string> FrontMatter { get; } = new(StringComparer.OrdinalIgnoreCase);
    public string Name { get; set; } = "";
    public string Synopsis { get; set; } = "";
    public string Description { get; set; } = "";
    public List<HelpSyntax> Syntax { get; } = new();
    public List<HelpExample> Examples { get; } = new();
    public List<HelpParameter> Parameters { get; } = new();
    public bool HasCommonParameters { get; set; }
    public List<HelpInputOutput> Inputs { get; } = new();
    public List<HelpInputOutput> Outputs { get; } = new();
    public string Notes { get; set; } = "";
    public List<(string Text, string Uri)> RelatedLinks { get; } = new();
    public string Verb => Name.Contains('-') ? Name[..Name.IndexOf('-')] : Name;
    public string Noun => Name.Contains('-') ? Name[(Name.IndexOf('-') + 1)..] : "";
}

/// <summary>
/// Parses the platyPS markdown layout: front matter, "# Verb-Noun", "## SYNOPSIS", "## SYNTAX" with "### Set" + code,
/// "## DESCRIPTION", "## EXAMPLES" with "### Example N: title" + code + text, "## PARAMETERS" with "### -Name" + text
/// + ```yaml, "## INPUTS", "## OUTPUTS", "## NOTES", "## RELATED LINKS".
/// </summary>
public static class PlatyMarkdown
{
    public static CommandHelp ParseFile(string path)
    {
        var help = Parse(File.ReadAllText(path));
        help.SourcePath = path;
        return help;
    }

    public static CommandHelp Parse(string markdown)
    {
        var help = new CommandHelp();
        var lines = markdown.Replace("\r\n", "\n").Split('\n').ToList();
        int i = 0;
        if (lines.Count > 0 && lines[0].Trim() == "---")
        {
            i = 1;
            for (; i < lines.Count && lines[i].Trim() != "---"; i++)
            {
                var c = lines[i].IndexOf(':');
                if (c > 0) help.FrontMatter[lines[i][..c].Trim()] = lines[i][(c + 1)..].Trim();
            }
            i++;
        }

        // Split into level-2 sections, keeping code fences intact (a '#' inside a code block is not a heading).
        string? section = null;
        var body = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        bool inFence = false;
        for (; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```")) inFence = !inFence;
            if (!inFence && line.StartsWith("# ") && help.Name.Length == 0) { help.Name = line[2..].Trim(); continue; }
            if (!inFence && line.StartsWith("## ")) { section = line[3..].Trim().ToUpperInvariant(); body[section] = new List<string>(); continue; }
            if (section is not null) body[section].Add(line);
        }

        List<string> Sec(string name) => body.TryGetValue(name, out var l) ? l : new List<string>();
        help.Synopsis = Text(Sec("SYNOPSIS"));
        help.Description = Text(Sec("DESCRIPTION"));
        help.Notes = Text(Sec("NOTES"));

        foreach (var (title, content) in SubSections(Sec("SYNTAX")))
        {
            var isDefault = title.EndsWith("(Default)", StringComparison.OrdinalIgnoreCase);
            var name = isDefault ? title[..^"(Default)".Length].Trim() : title.Trim();
            help.Syntax.Add(new HelpSyntax { SetName = name, IsDefault = isDefault, Code = Fences(content).FirstOrDefault().Code ?? "" });
        }
        if (help.Syntax.Count == 0 && Fences(Sec("SYNTAX")).Count > 0)
            help.Syntax.Add(new HelpSyntax { SetName = ParameterSetEntry.AllSets, Code = Fences(Sec("SYNTAX"))[0].Code });

        foreach (var (title, content) in SubSections(Sec("EXAMPLES")))
        {
            var fences = Fences(content);
            var code = fences.FirstOrDefault(f => f.Lang is "powershell" or "ps" or "" or "ps1").Code ?? fences.FirstOrDefault().Code ?? "";
            help.Examples.Add(new HelpExample { Title = title, Code = code, Remarks = Text(WithoutFences(content)) });
        }

        foreach (var (title, content) in SubSections(Sec("PARAMETERS")))
        {
            if (title.Equals("CommonParameters", StringComparison.OrdinalIgnoreCase)) { help.HasCommonParameters = true; continue; }
            if (!title.StartsWith('-')) continue;
            var p = new HelpParameter { Name = title[1..].Trim(), Description = Text(WithoutFences(content)) };
            foreach (var f in Fences(content).Where(f => f.Lang == "yaml")) p.Facts.Add(ParseYaml(f.Code));
            help.Parameters.Add(p);
        }

        help.Inputs.AddRange(TypeList(Sec("INPUTS")));
        help.Outputs.AddRange(TypeList(Sec("OUTPUTS")));

        foreach (var line in Sec("RELATED LINKS"))
        {
            var m = Regex.Match(line, @"\[(?<t>[^\]]*)\]\((?<u>[^)]*)\)");
            if (m.Success) help.RelatedLinks.Add((m.Groups["t"].Value, m.Groups["u"].Value));
        }
        return help;
    }

    private static IEnumerable<HelpInputOutput> TypeList(List<string> lines)
    {
        foreach (var (title, content) in SubSections(lines))
            yield return new HelpInputOutput { TypeName = title.Trim(), Description = Text(content) };
    }

    internal static HelpParameterFacts ParseYaml(string yaml)
    {
        var f = new HelpParameterFacts();
        foreach (var raw in yaml.Split('\n'))
        {
            var c = raw.IndexOf(':');
            if (c <= 0) continue;
            var key = raw[..c].Trim();
            var value = raw[(c + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "type": f.Type = value; break;
                case "parameter sets": f.ParameterSets.AddRange(SplitList(value)); break;
                case "aliases": f.Aliases.AddRange(SplitList(value)); break;
                case "required": f.Required = value.StartsWith("true", StringComparison.OrdinalIgnoreCase); break;
                case "position": f.Position = value; break;
                case "default value": f.DefaultValue = value; break;
                case "accept pipeline input": f.PipelineInput = value; break;
                case "accept wildcard characters": f.Globbing = value.StartsWith("true", StringComparison.OrdinalIgnoreCase); break;
            }
        }
        return f;
    }

    private static IEnumerable<string> SplitList(string value) =>
        value.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0 && !s.Equals("None", StringComparison.OrdinalIgnoreCase));

    /// <summary>"### Title" sub-sections of a section (outside code fences).</summary>
    private static List<(string Title, List<string> Content)> SubSections(List<string> lines)
    {
        var result = new List<(string, List<string>)>();
        bool inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```")) inFence = !inFence;
            if (!inFence && line.StartsWith("### ")) { result.Add((line[4..].Trim(), new List<string>())); continue; }
            if (result.Count > 0) result[^1].Item2.Add(line);
        }
        return result;
    }

    private static List<(string Lang, string Code)> Fences(List<string> lines)
    {
        var result = new List<(string, string)>();
        string? lang = null;
        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            var t = line.TrimStart();
            if (t.StartsWith("```"))
            {
                if (lang is null) { lang = t[3..].Trim().ToLowerInvariant(); sb.Clear(); }
                else { result.Add((lang, sb.ToString().TrimEnd('\n'))); lang = null; }
                continue;
            }
            if (lang is not null) sb.Append(line).Append('\n');
        }
        return result;
    }

    private static List<string> WithoutFences(List<string> lines)
    {
        var result = new List<string>();
        bool inFence = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```")) { inFence = !inFence; continue; }
            if (!inFence) result.Add(line);
        }
        return result;
    }

    /// <summary>Paragraph text: trimmed, blank lines kept as paragraph breaks.</summary>
    private static string Text(List<string> lines) => string.Join("\n", lines).Trim();

    /// <summary>Paragraphs of a text block (split on blank lines; lines of one paragraph joined with spaces).</summary>
    public static IEnumerable<string> Paragraphs(string text) =>
        Regex.Split(text.Replace("\r\n", "\n"), @"\n\s*\n")
            .Select(p => string.Join(" ", p.Split('\n').Select(l => l.Trim())).Trim())
            .Where(p => p.Length > 0);
}
