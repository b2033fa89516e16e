using System.Xml.Linq;

namespace AtlasPS.ModuleBuilder;

/// <summary>Writes PowerShell MAML help (what Get-Help reads from en-US/&lt;Assembly&gt;.dll-Help.xml).</summary>
public static class MamlWriter
{
    public static readonly XNamespace Msh = "http://msh";
    public static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
    public static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    public static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
    public static readonly XNamespace MsHelp = "http://msdn.microsoft.com/mshelp";

    public static XDocument Write(IEnumerable<CommandHelp> commands)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"));
        foreach (var c in commands.OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)) root.Add(WriteCommand(c));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    public static void WriteFile(IEnumerable<CommandHelp> commands, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Write(commands).Save(path);
    }

    private static XElement Paras(string text) =>
        new(Maml + "description", PlatyMarkdown.Paragraphs(text).Select(p => new XElement(Maml + "para", p)).DefaultIfEmpty(new XElement(Maml + "para")));

    private static XElement WriteCommand(CommandHelp c)
    {
        var cmd = new XElement(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", Maml),
            new XAttribute(XNamespace.Xmlns + "command", Command),
            new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XAttribute(XNamespace.Xmlns + "MSHelp", MsHelp),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Paras(c.Synopsis)),
            Paras(c.Description));

        var syntax = new XElement(Command + "syntax");
        var sets = c.Syntax.Select(s => s.SetName).ToList();
        if (sets.Count == 0) sets.Add(ParameterSetEntry.AllSets);
        foreach (var set in sets)
        {
            var item = new XElement(Command + "syntaxItem", new XElement(Maml + "name", c.Name));
            foreach (var p in c.Parameters)
            {
                var facts = p.Facts.FirstOrDefault(f => f.ParameterSets.Any(s => s.Equals(set, StringComparison.OrdinalIgnoreCase)))
                            ?? p.Facts.FirstOrDefault(f => f.AppliesToAllSets || sets.Count == 1);
                if (facts is null) continue;
                item.Add(WriteParameter(p, facts));
            }
            syntax.Add(item);
        }
        cmd.Add(syntax);

        var parameters = new XElement(Command + "parameters");
        foreach (var p in c.Parameters)
            parameters.Add(WriteParameter(p, p.Facts.FirstOrDefault() ?? new HelpParameterFacts()));
        cmd.Add(parameters);

        cmd.Add(new XElement(Command + "inputTypes", c.Inputs.Select(t => new XElement(Command + "inputType",
            new XElement(Dev + "type", new XElement(Maml + "name", t.TypeName)), Paras(t.Description)))));
        cmd.Add(new XElement(Command + "returnValues", c.Outputs.Select(t => new XElement(Command + "returnValue",
            new XElement(Dev + "type", new XElement(Maml + "name", t.TypeName)), Paras(t.Description)))));
        cmd.Add(new XElement(Maml + "alertSet", new XElement(Maml + "alert",
            PlatyMarkdown.Paragraphs(c.Notes).Select(p => new XElement(Maml + "para", p)))));

        var examples = new XElement(Command + "examples");
        foreach (var e in c.Examples)
        {
            examples.Add(new XElement(Command + "example",
                new XElement(Maml + "title", "-------------------------- " + e.Title + " --------------------------"),
                new XElement(Dev + "code", e.Code),
                new XElement(Dev + "remarks", PlatyMarkdown.Paragraphs(e.Remarks).Select(p => new XElement(Maml + "para", p)))));
        }
        cmd.Add(examples);

        cmd.Add(new XElement(Command + "relatedLinks", c.RelatedLinks.Select(l => new XElement(Maml + "navigationLink",
            new XElement(Maml + "linkText", l.Text), new XElement(Maml + "uri", l.Uri)))));
        return cmd;
    }

    private static XElement WriteParameter(HelpParameter p, HelpParameterFacts f)
    {
        var isSwitch = f.Type.Equals("SwitchParameter", StringComparison.OrdinalIgnoreCase);
        var el = new XElement(Command + "parameter",
            new XAttribute("required", f.Required ? "true" : "false"),
            new XAttribute("variableLength", "true"),
            new XAttribute("globbing", f.Globbing ? "true" : "false"),
            new XAttribute("pipelineInput", f.PipelineInput),
            new XAttribute("position", f.Position.Equals("Named", StringComparison.OrdinalIgnoreCase) ? "named" : f.Position),
            new XAttribute("aliases", f.Aliases.Count == 0 ? "none" : string.Join(", ", f.Aliases)),
            new XElement(Maml + "name", p.Name),
            Paras(p.Description));
        if (!isSwitch)
            el.Add(new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), f.Type));
        el.Add(new XElement(Dev + "type", new XElement(Maml + "name", f.Type), new XElement(Maml + "uri")));
        el.Add(new XElement(Dev + "defaultValue", f.DefaultValue));
        return el;
    }
}
