using System.Text;

namespace AtlasPS.ModuleBuilder;

/// <summary>
/// Writes a platyPS-layout page for a cmdlet that has none, with the facts (sets, positions, mandatory, pipeline,
/// aliases, types) taken from the assembly and "{{ Fill ... }}" placeholders for the prose. The docs tests reject
/// placeholders, so a skeleton is a start, never a finished page.
/// </summary>
public static class DocsSkeleton
{
    public const string Placeholder = "{{ Fill";

    public static string Write(CmdletModel c)
    {
        var sb = new StringBuilder();
        sb.Append("---\nexternal help file: AtlasPS.dll-Help.xml\nModule Name: AtlasPS\nonline version:\nschema: 2.0.0\n---\n\n");
        sb.Append("# ").Append(c.Name).Append("\n\n## SYNOPSIS\n").Append(Placeholder).Append(" in the Synopsis }}\n\n## SYNTAX\n\n");
        foreach (var set in c.SetNames)
        {
            sb.Append("### ").Append(set).Append(string.Equals(set, c.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase) ? " (Default)" : "").Append("\n```\n");
            sb.Append(c.Name);
            foreach (var (p, e) in c.ParametersIn(set).OrderBy(x => x.Entry.HasPosition ? x.Entry.Position : int.MaxValue))
            {
                var isSwitch = p.TypeName == "SwitchParameter";
                var token = "-" + p.Name + (isSwitch ? "" : " <" + p.TypeName + ">");
                if (e.HasPosition && !isSwitch) token = "[-" + p.Name + "] <" + p.TypeName + ">";
                sb.Append(' ').Append(e.Mandatory ? token : "[" + token + "]");
            }
            if (c.SupportsPaging) sb.Append(" [-IncludeTotalCount] [-Skip <UInt64>] [-First <UInt64>]");
            if (c.SupportsShouldProcess) sb.Append(" [-WhatIf] [-Confirm]");
            sb.Append(" [<CommonParameters>]\n```\n\n");
        }
        sb.Append("## DESCRIPTION\n").Append(Placeholder).Append(" in the Description }}\n\n## EXAMPLES\n\n");
        for (int i = 1; i <= 2; i++)
            sb.Append("### Example ").Append(i).Append(": ").Append(Placeholder).Append(" title }}\n```powershell\nPS C:\\> ")
              .Append(Placeholder).Append(" code }}\n```\n\n").Append(Placeholder).Append(" remarks }}\n\n");
        sb.Append("## PARAMETERS\n\n");
        foreach (var p in c.Parameters.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            sb.Append("### -").Append(p.Name).Append('\n').Append(Placeholder).Append(' ').Append(p.Name).Append(" Description }}\n\n");
            var inAll = p.Entries.Any(e => e.SetName == ParameterSetEntry.AllSets);
            var sets = inAll ? c.SetNames : p.Entries.Select(e => e.SetName).ToList();
            // one yaml block per distinct set of facts, as platyPS does
            foreach (var g in sets.Select(s => (Set: s, Entry: c.ParametersIn(s).Single(x => x.Parameter == p).Entry))
                         .GroupBy(x => (x.Entry.Mandatory, x.Entry.Position, x.Entry.ValueFromPipeline, x.Entry.ValueFromPipelineByPropertyName)))
            {
                var e = g.First().Entry;
                var setList = inAll && g.Count() == sets.Count ? "(All)" : string.Join(", ", g.Select(x => x.Set));
                var pipeline = (e.ValueFromPipeline, e.ValueFromPipelineByPropertyName) switch
                {
                    (false, false) => "False", (true, false) => "True (ByValue)", (false, true) => "True (ByPropertyName)", _ => "True (ByPropertyName, ByValue)",
                };
                sb.Append("```yaml\nType: ").Append(p.TypeName).Append("\nParameter Sets: ").Append(setList)
                  .Append("\nAliases: ").Append(string.Join(", ", p.Aliases)).Append("\n\nRequired: ").Append(e.Mandatory ? "True" : "False")
                  .Append("\nPosition: ").Append(e.HasPosition ? e.Position.ToString() : "Named")
                  .Append("\nDefault value: None\nAccept pipeline input: ").Append(pipeline).Append("\nAccept wildcard characters: False\n```\n\n");
            }
        }
        foreach (var (name, type, alias) in (c.SupportsShouldProcess ? new[] { ("WhatIf", "SwitchParameter", "wi"), ("Confirm", "SwitchParameter", "cf") } : Array.Empty<(string, string, string)>()))
            sb.Append("### -").Append(name).Append('\n').Append(name == "WhatIf" ? "Shows what would happen if the cmdlet runs. The cmdlet is not run." : "Prompts you for confirmation before running the cmdlet.")
              .Append("\n\n```yaml\nType: ").Append(type).Append("\nParameter Sets: (All)\nAliases: ").Append(alias)
              .Append("\n\nRequired: False\nPosition: Named\nDefault value: None\nAccept pipeline input: False\nAccept wildcard characters: False\n```\n\n");
        sb.Append("### CommonParameters\nThis cmdlet supports the common parameters: -Debug, -ErrorAction, -ErrorVariable, -InformationAction, -InformationVariable, -OutVariable, -OutBuffer, -PipelineVariable, -ProgressAction, -Verbose, -WarningAction, and -WarningVariable. For more information, see [about_CommonParameters](http://go.microsoft.com/fwlink/?LinkID=113216).\n\n");
        sb.Append("## INPUTS\n\n### None\n\n## OUTPUTS\n\n");
        foreach (var t in c.OutputTypes) sb.Append("### ").Append(t).Append("\n\n");
        sb.Append("## NOTES\n\n## RELATED LINKS\n\n[about_AtlasPS]()\n");
        return sb.ToString();
    }
}
