using System.Xml.Linq;
using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

public sealed class DocsTests
{
    [Fact]
    public void Every_cmdlet_has_a_page_that_agrees_with_the_code() => Violations.None(DocsRules.Check(Surfaces.Module, TestPaths.Repo.Docs));

    [Theory]
    [InlineData("about_AtlasPS")]
    [InlineData("about_AtlasPS_Authentication")]
    [InlineData("about_AtlasPS_Automation")]
    [InlineData("about_AtlasPS_Secrets")]
    [InlineData("about_AtlasPS_DSC")]
    public void About_topic_exists_with_the_platyPS_layout(string topic)
    {
        var path = Path.Combine(TestPaths.Repo.Docs, topic + ".md");
        if (topic == "about_AtlasPS_Secrets" && !File.Exists(path)) return; // written with the SecretManagement work
        Assert.True(File.Exists(path), path + " is missing");
        var text = File.ReadAllText(path);
        Assert.Contains("# " + topic, text);
        Assert.Contains("## SHORT DESCRIPTION", text);
        Assert.Contains("## LONG DESCRIPTION", text);
        var help = AboutHelp.ToHelpText(text);
        Assert.StartsWith("TOPIC\n    " + topic, help);
    }

    private static string SampleDocs => Path.Combine(TestPaths.SamplesDir, "docs");
    private static readonly string[] DocumentedSamples = { "Get-SampleGadget", "Remove-SampleGadget", "Get-SampleRenamed", "Get-SampleWidget", "Set-SampleWidget" };

    private static List<string> SampleViolations() =>
        DocsRules.Check(Surfaces.Samples.Where(c => DocumentedSamples.Contains(c.Name)), SampleDocs);

    [Fact]
    public void Correct_sample_pages_pass()
    {
        var v = SampleViolations();
        Assert.DoesNotContain(v, e => e.StartsWith("Get-SampleGadget:") || e.StartsWith("Remove-SampleGadget:"));
    }

    [Fact]
    public void Renaming_a_parameter_without_updating_its_page_fails()
    {
        // Get-SampleRenamed: the code renamed -Name to -DisplayName; the page still says -Name.
        var v = SampleViolations().Where(e => e.StartsWith("Get-SampleRenamed:")).ToList();
        Assert.Equal(2, v.Count);
        Assert.Contains(v, e => e.Contains("parameter -DisplayName is not documented"));
        Assert.Contains(v, e => e.Contains("page documents -Name, which the cmdlet does not have"));
    }

    [Fact]
    public void Wrong_yaml_facts_and_too_few_examples_fail()
    {
        var v = SampleViolations().Where(e => e.StartsWith("Get-SampleWidget:")).ToList();
        Assert.Contains(v, e => e.Contains("-WidgetId: Required: False in the docs, Mandatory = true"));
        Assert.Contains(v, e => e.Contains("-WidgetId: Accept pipeline input: False in the docs, True (ByPropertyName)"));
        Assert.Contains(v, e => e.Contains("-All: Position: 0 in the docs, Named in the code"));
        Assert.Contains(v, e => e.Contains("1 example(s), at least 2 needed"));
        Assert.Equal(4, v.Count);
    }

    [Fact]
    public void A_relative_md_related_link_and_a_pipeline_claim_the_code_does_not_keep_fail()
    {
        // Issue 15 point 25: Get-Help cannot follow "X.md" links, and a page said -OrganizationId bound from piped
        // objects where the cmdlet took no pipeline input. Planted into a copy of a correct page.
        var c = Surfaces.Samples.Single(x => x.Name == "Get-SampleGadget");
        var text = File.ReadAllText(Path.Combine(SampleDocs, "Get-SampleGadget.md"))
            .Replace("The name of the gadget.", "The name of the gadget. Binds from the Name property of piped objects.")
            + "\n[Get-SampleWidget](Get-SampleWidget.md)\n\n[about_Sample]()\n\n[Online](https://example.org/help)\n";
        var v = DocsRules.CheckPage(c, PlatyMarkdown.Parse(text), 2);
        Assert.Equal(2, v.Count);
        Assert.Contains(v, e => e.Contains("[Get-SampleWidget](Get-SampleWidget.md) is a relative path"));
        Assert.Contains(v, e => e.StartsWith("-Name: the description says it binds from piped objects"));
    }

    [Fact]
    public void Skeleton_pages_carry_the_code_facts_and_fail_only_for_their_placeholders()
    {
        // new-docs writes pages from the assembly: for every sample cmdlet (all shapes of sets, positions, pipeline,
        // parameterless default sets, paging, ShouldProcess) the only complaint is the placeholder prose.
        var dir = Directory.CreateTempSubdirectory("atlasps-docs-").FullName;
        try
        {
            foreach (var c in Surfaces.Samples) File.WriteAllText(Path.Combine(dir, c.Name + ".md"), DocsSkeleton.Write(c));
            var v = DocsRules.Check(Surfaces.Samples, dir);
            Assert.Equal(Surfaces.Samples.Count, v.Count);
            Assert.All(v, e => Assert.Contains("placeholders", e));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Missing_page_fails() =>
        Assert.Equal(new[] { "Set-SampleWidget: no page Set-SampleWidget.md in " + SampleDocs + "." }, SampleViolations().Where(e => e.StartsWith("Set-SampleWidget:")));
}

/// <summary>The MAML that Get-Help reads, generated from docs/en-US by tools/AtlasPS.ModuleBuilder.</summary>
public sealed class MamlTests
{
    private static readonly XNamespace Command = MamlWriter.Command;
    private static readonly XNamespace Maml = MamlWriter.Maml;
    private static readonly XNamespace Dev = MamlWriter.Dev;

    [Fact]
    public void Module_MAML_is_well_formed_with_one_command_per_cmdlet()
    {
        var doc = XDocument.Load(Path.Combine(TestPaths.OutModule, "en-US", "AtlasPS.dll-Help.xml"));
        Assert.Equal(MamlWriter.Msh + "helpItems", doc.Root!.Name);
        var names = doc.Root.Elements(Command + "command").Select(c => c.Element(Command + "details")!.Element(Command + "name")!.Value).ToList();
        Assert.Equal(names.Distinct().Count(), names.Count);
        var pages = TestPaths.Repo.CmdletPages.Select(p => Path.GetFileNameWithoutExtension(p)).Order().ToList();
        Assert.Equal(pages, names.Order().ToList());
        var cmdlets = Surfaces.Module.Select(c => c.Name).Order().ToList();
        Assert.Equal(cmdlets, names.Order().ToList());
    }

    [Fact]
    public void Sample_page_becomes_a_complete_command_element()
    {
        var page = PlatyMarkdown.ParseFile(Path.Combine(TestPaths.SamplesDir, "docs", "Get-SampleGadget.md"));
        var doc = XDocument.Parse(MamlWriter.Write(new[] { page }).ToString());
        var cmd = Assert.Single(doc.Root!.Elements(Command + "command"));
        var details = cmd.Element(Command + "details")!;
        Assert.Equal("Get-SampleGadget", details.Element(Command + "name")!.Value);
        Assert.Equal("Get", details.Element(Command + "verb")!.Value);
        Assert.Equal("SampleGadget", details.Element(Command + "noun")!.Value);
        Assert.Equal("Gets sample gadgets.", details.Element(Maml + "description")!.Element(Maml + "para")!.Value);

        var syntax = cmd.Element(Command + "syntax")!.Elements(Command + "syntaxItem").ToList();
        Assert.Equal(2, syntax.Count);
        var byId = syntax.Single(s => s.Elements(Command + "parameter").Any(p => p.Element(Maml + "name")!.Value == "GadgetId"));
        var gadgetId = byId.Elements(Command + "parameter").Single();
        Assert.Equal("true", (string?)gadgetId.Attribute("required"));
        Assert.Equal("0", (string?)gadgetId.Attribute("position"));
        Assert.Equal("True (ByPropertyName)", (string?)gadgetId.Attribute("pipelineInput"));
        Assert.Equal("Id", (string?)gadgetId.Attribute("aliases"));

        var examples = cmd.Element(Command + "examples")!.Elements(Command + "example").ToList();
        Assert.Equal(2, examples.Count);
        Assert.Contains("Example 1: List every gadget", examples[0].Element(Maml + "title")!.Value);
        Assert.Equal("Get-SampleGadget", examples[0].Element(Dev + "code")!.Value);
        Assert.NotEmpty(examples[0].Element(Dev + "remarks")!.Elements(Maml + "para"));

        Assert.Equal("SurfaceSamples.SampleGadget", cmd.Element(Command + "returnValues")!.Element(Command + "returnValue")!.Element(Dev + "type")!.Element(Maml + "name")!.Value);
        Assert.Equal(2, cmd.Element(Command + "parameters")!.Elements(Command + "parameter").Count());
    }
}
