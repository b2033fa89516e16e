using AtlasPS.ModuleBuilder;

namespace AtlasPS.Tests;

/// <summary>docs/en-US agrees with the code: one page per cmdlet, every parameter documented with the right facts.</summary>
internal static class DocsRules
{
    public static List<string> Check(IEnumerable<CmdletModel> cmdlets, string docsDir, int minExamples = 2)
    {
        var errors = new List<string>();
        foreach (var c in cmdlets)
        {
            var path = Path.Combine(docsDir, c.Name + ".md");
            if (!File.Exists(path)) { errors.Add($"{c.Name}: no page {Path.GetFileName(path)} in {docsDir}."); continue; }
            if (File.ReadAllText(path).Contains(DocsSkeleton.Placeholder, StringComparison.Ordinal))
                errors.Add($"{c.Name}: {Path.GetFileName(path)} still has '{DocsSkeleton.Placeholder} ... }}}}' placeholders.");
            errors.AddRange(CheckPage(c, PlatyMarkdown.ParseFile(path), minExamples).Select(e => c.Name + ": " + e));
        }
        return errors;
    }

    /// <summary>Parameters platyPS documents that the code does not declare itself.</summary>
    private static IEnumerable<string> ImplicitParameters(CmdletModel c)
    {
        yield return "ProgressAction";
        if (c.SupportsShouldProcess) { yield return "WhatIf"; yield return "Confirm"; }
        if (c.SupportsPaging) { yield return "First"; yield return "Skip"; yield return "IncludeTotalCount"; }
    }

    public static List<string> CheckPage(CmdletModel c, CommandHelp page, int minExamples)
    {
        var errors = new List<string>();
        if (!string.Equals(page.Name, c.Name, StringComparison.Ordinal)) errors.Add($"page title is '# {page.Name}'.");
        if (string.IsNullOrWhiteSpace(page.Synopsis)) errors.Add("SYNOPSIS is empty.");
        if (page.Examples.Count < minExamples) errors.Add($"{page.Examples.Count} example(s), at least {minExamples} needed.");
        if (page.Examples.Any(e => string.IsNullOrWhiteSpace(e.Code))) errors.Add("an example has no code block.");

        var codeSets = c.SetNames.ToList();
        var docSets = page.Syntax.Select(s => s.SetName).ToList();
        if (!codeSets.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(docSets.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
            errors.Add($"SYNTAX lists sets [{string.Join(", ", docSets)}], the code has [{string.Join(", ", codeSets)}].");

        var documented = page.Parameters.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var p in c.Parameters)
        {
            if (!documented.TryGetValue(p.Name, out var doc)) { errors.Add($"parameter -{p.Name} is not documented (no '### -{p.Name}' under PARAMETERS)."); continue; }
            if (string.IsNullOrWhiteSpace(doc.Description)) errors.Add($"-{p.Name} has no description.");
            if (doc.Facts.Count == 0) { errors.Add($"-{p.Name} has no ```yaml block."); continue; }
            errors.AddRange(CompareFacts(c, p, doc));
        }
        foreach (var p in c.Parameters.Where(p => !p.Entries.Any(e => e.ValueFromPipeline || e.ValueFromPipelineByPropertyName)))
            if (documented.TryGetValue(p.Name, out var doc) && ClaimsPipelineInput(doc.Description))
                errors.Add($"-{p.Name}: the description says it binds from piped objects, but the code takes no pipeline input for it.");
        foreach (var (text, uri) in page.RelatedLinks.Where(l => !IsHelpLink(l.Uri)))
            errors.Add($"RELATED LINKS: [{text}]({uri}) is a relative path Get-Help cannot follow; give an online URI (https://...) or the command/topic name alone: [{text}]().");
        var implicitOnes = ImplicitParameters(c).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var d in page.Parameters.Where(d => !implicitOnes.Contains(d.Name) && !c.Parameters.Any(p => p.Name.Equals(d.Name, StringComparison.OrdinalIgnoreCase))))
            errors.Add($"page documents -{d.Name}, which the cmdlet does not have.");
        return errors;
    }

    /// <summary>Get-Help shows a related link's URI as written: empty (the name is a command or topic) or an absolute web address.</summary>
    private static bool IsHelpLink(string uri) =>
        uri.Length == 0 || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

    private static bool ClaimsPipelineInput(string description) =>
        System.Text.RegularExpressions.Regex.IsMatch(description, @"\b(binds|bound) from (the \w+ property of )?piped\b|\bbinds by property name\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static string Pipeline(ParameterSetEntry e) =>
        (e.ValueFromPipeline, e.ValueFromPipelineByPropertyName) switch
        {
            (false, false) => "False",
            (true, false) => "True (ByValue)",
            (false, true) => "True (ByPropertyName)",
            _ => "True (ByPropertyName, ByValue)",
        };

    private static string DocPipeline(string s)
    {
        if (!s.StartsWith("True", StringComparison.OrdinalIgnoreCase)) return "False";
        bool byValue = s.Contains("ByValue", StringComparison.OrdinalIgnoreCase), byName = s.Contains("ByPropertyName", StringComparison.OrdinalIgnoreCase);
        return Pipeline(new ParameterSetEntry("", false, 0, byValue, byName));
    }

    private static IEnumerable<string> CompareFacts(CmdletModel c, CmdletParameter p, HelpParameter doc)
    {
        var inAll = p.Entries.Any(e => e.SetName == ParameterSetEntry.AllSets);
        var codeSets = inAll ? c.SetNames.ToList() : p.Entries.Select(e => e.SetName).ToList();
        var docAll = doc.Facts.Any(f => f.AppliesToAllSets);
        var docSets = doc.Facts.SelectMany(f => f.ParameterSets).Where(s => !s.Equals("(All)", StringComparison.OrdinalIgnoreCase)).ToList();

        if (inAll && !docAll && !codeSets.All(s => docSets.Contains(s, StringComparer.OrdinalIgnoreCase)))
            yield return $"-{p.Name}: Parameter Sets says [{string.Join(", ", docSets)}], the code has it in all sets: (All).";
        if (!inAll)
        {
            if (docAll && c.SetNames.Count > codeSets.Count)
                yield return $"-{p.Name}: Parameter Sets says (All), the code has [{string.Join(", ", codeSets)}].";
            else if (!docAll && !codeSets.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(docSets.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase))
                yield return $"-{p.Name}: Parameter Sets says [{string.Join(", ", docSets)}], the code has [{string.Join(", ", codeSets)}].";
        }

        foreach (var set in codeSets)
        {
            var entry = c.ParametersIn(set).Single(x => x.Parameter == p).Entry;
            var facts = doc.Facts.FirstOrDefault(f => f.ParameterSets.Contains(set, StringComparer.OrdinalIgnoreCase)) ?? doc.Facts.FirstOrDefault(f => f.AppliesToAllSets);
            if (facts is null) continue; // reported above
            var where = codeSets.Count > 1 ? $" (set {set})" : "";
            if (facts.Required != entry.Mandatory)
                yield return $"-{p.Name}{where}: Required: {(facts.Required ? "True" : "False")} in the docs, Mandatory = {entry.Mandatory.ToString().ToLowerInvariant()} in the code.";
            var position = entry.HasPosition ? entry.Position.ToString() : "Named";
            if (!string.Equals(facts.Position, position, StringComparison.OrdinalIgnoreCase))
                yield return $"-{p.Name}{where}: Position: {facts.Position} in the docs, {position} in the code.";
            if (DocPipeline(facts.PipelineInput) != Pipeline(entry))
                yield return $"-{p.Name}{where}: Accept pipeline input: {facts.PipelineInput} in the docs, {Pipeline(entry)} in the code.";
        }
    }
}
