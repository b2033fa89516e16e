using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AtlasPS.ModuleBuilder;

/// <summary>Merges the main format file with the fragments in Formats/*.Format.ps1xml into one Configuration.</summary>
public static class FormatMerger
{
    public static XDocument Merge(string? mainFile, IEnumerable<string> fragments)
    {
        var sections = new[] { "DefaultSettings", "SelectionSets", "Controls", "ViewDefinitions" };
        var merged = sections.ToDictionary(s => s, s => new XElement(s));
        foreach (var file in new[] { mainFile }.Concat(fragments).Where(f => f is not null && File.Exists(f)))
        {
            var doc = XDocument.Load(file!);
            foreach (var s in sections)
                foreach (var el in doc.Root!.Elements(s))
                    merged[s].Add(el.Elements());
        }
        var root = new XElement("Configuration");
        foreach (var s in sections)
            if (merged[s].HasElements) root.Add(merged[s]);
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }
}

/// <summary>about_*.md (platyPS about-topic markdown) to the plain-text about_*.help.txt Get-Help shows.</summary>
public static class AboutHelp
{
    /// <summary>
    /// PowerShell takes the 5th line of an about_*.help.txt as the topic's Synopsis (HelpFileHelpInfo), so the text
    /// starts "TOPIC", "    about_X", "", "SHORT DESCRIPTION", then the short description on one line.
    /// </summary>
    public static string ToHelpText(string markdown)
    {
        var sb = new StringBuilder();
        bool inFence = false, afterTitle = false, inShort = false;
        var shortText = new List<string>();
        void FlushShort()
        {
            if (shortText.Count > 0) sb.Append("    ").Append(string.Join(" ", shortText)).Append('\n');
            shortText.Clear();
        }
        foreach (var raw in markdown.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```")) { FlushShort(); inShort = false; inFence = !inFence; continue; }
            if (inFence) { sb.Append("        ").Append(line).Append('\n'); continue; }
            if (line.StartsWith("# ")) { sb.Append("TOPIC\n    ").Append(line[2..].Trim()).Append("\n\n"); afterTitle = true; continue; }
            if (afterTitle && line.Length == 0) continue; // exactly one blank line between the title and the first section
            afterTitle = false;
            if (line.StartsWith("## "))
            {
                FlushShort();
                var heading = line[3..].Trim().ToUpperInvariant();
                inShort = heading == "SHORT DESCRIPTION";
                sb.Append(heading).Append('\n');
                continue;
            }
            if (line.StartsWith("### ")) { FlushShort(); inShort = false; sb.Append("  ").Append(line[4..].Trim()).Append('\n'); continue; }
            line = line.Replace("`", "").Replace("**", "");
            if (inShort)
            {
                // The short description is one paragraph, written on one line: Get-Help lists it as the Synopsis.
                if (line.Length > 0) { shortText.Add(line.Trim()); continue; }
                if (shortText.Count > 0) { FlushShort(); inShort = false; }
            }
            sb.Append(line.Length == 0 ? "" : "    " + line).Append('\n');
        }
        FlushShort();
        return sb.ToString().TrimEnd() + "\n";
    }

    /// <summary>What Get-Help lists as the topic's Synopsis: the 5th line of the help text, trimmed.</summary>
    public static string Synopsis(string helpText) =>
        helpText.Replace("\r\n", "\n").Split('\n').Skip(4).FirstOrDefault()?.Trim() ?? "";
}

/// <summary>The CmdletsToExport list of a .psd1, read and rewritten as text (the manifest stays hand-readable).</summary>
public static class ManifestText
{
    private static readonly Regex CmdletsBlock = new(@"CmdletsToExport\s*=\s*@\((?<list>[^)]*)\)", RegexOptions.Singleline);

    public static IReadOnlyList<string> ReadCmdletsToExport(string psd1Text)
    {
        var m = CmdletsBlock.Match(psd1Text);
        if (!m.Success) throw new InvalidDataException("The manifest has no CmdletsToExport = @(...) list.");
        return Regex.Matches(m.Groups["list"].Value, "'(?<n>[^']+)'").Select(x => x.Groups["n"].Value).ToList();
    }

    public static string ReadValue(string psd1Text, string key)
    {
        var m = Regex.Match(psd1Text, @"(?m)^\s*" + Regex.Escape(key) + @"\s*=\s*'(?<v>[^']*)'");
        return m.Success ? m.Groups["v"].Value : "";
    }

    /// <summary>The block to paste into AtlasPS.psd1 for these cmdlets.</summary>
    public static string FormatBlock(IEnumerable<string> cmdlets)
    {
        var names = cmdlets.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
        if (names.Count == 0) return "CmdletsToExport = @()";
        return "CmdletsToExport = @(\n" + string.Join("", names.Select(n => "        '" + n + "'\n")) + "    )";
    }

    public static string ReplaceCmdletsToExport(string psd1Text, IEnumerable<string> cmdlets)
    {
        if (!CmdletsBlock.IsMatch(psd1Text)) throw new InvalidDataException("The manifest has no CmdletsToExport = @(...) list.");
        return CmdletsBlock.Replace(psd1Text, _ => FormatBlock(cmdlets), 1);
    }

    public static string ReplaceModuleVersion(string psd1Text, string version) =>
        Regex.Replace(psd1Text, @"(?m)^(\s*ModuleVersion\s*=\s*)'[^']*'", m => m.Groups[1].Value + "'" + version + "'");
}
