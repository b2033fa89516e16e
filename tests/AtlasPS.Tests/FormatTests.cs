using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Xunit;

namespace AtlasPS.Tests;

internal static class FormatRules
{
    /// <summary>Schema errors of a .Format.ps1xml against PowerShell's Format.xsd, with their line numbers.</summary>
    public static List<string> SchemaErrors(string formatFile, string xsd)
    {
        var errors = new List<string>();
        var schemas = new XmlSchemaSet();
        using (var r = XmlReader.Create(xsd)) schemas.Add(null, r);
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{Path.GetFileName(formatFile)}({e.Exception.LineNumber}): {e.Message}");
        using var reader = XmlReader.Create(formatFile, settings);
        while (reader.Read()) { }
        return errors;
    }

    /// <summary>Every TypeName names a real type, and every PropertyName of a view is a property of the types it shows.</summary>
    public static List<string> NameErrors(string formatFile, TypeCatalog types)
    {
        var errors = new List<string>();
        var doc = XDocument.Load(formatFile, LoadOptions.SetLineInfo);
        static string Clean(string t) => t.Trim().StartsWith("Deserialized.", StringComparison.Ordinal) ? t.Trim()["Deserialized.".Length..] : t.Trim();
        static int Line(XElement e) => ((IXmlLineInfo)e).LineNumber;

        foreach (var tn in doc.Descendants("TypeName"))
            if (types.Find(Clean(tn.Value)) is null)
                errors.Add($"{Path.GetFileName(formatFile)}({Line(tn)}): TypeName '{tn.Value.Trim()}' is not a type of the module.");

        var selectionSets = doc.Descendants("SelectionSet").ToDictionary(
            s => (string?)s.Element("Name") ?? "", s => s.Descendants("TypeName").Select(t => Clean(t.Value)).ToList());

        foreach (var view in doc.Descendants("View"))
        {
            var selected = view.Element("ViewSelectedBy");
            if (selected is null) continue;
            var viewTypes = selected.Elements("TypeName").Select(t => Clean(t.Value))
                .Concat(selected.Elements("SelectionSetName").SelectMany(s => selectionSets.TryGetValue(s.Value.Trim(), out var l) ? l : new List<string>()))
                .ToList();
            foreach (var pn in view.Descendants("PropertyName"))
                foreach (var t in viewTypes)
                {
                    var props = types.Properties(t);
                    if (props is not null && !props.Contains(pn.Value.Trim()))
                        errors.Add($"{Path.GetFileName(formatFile)}({Line(pn)}): view '{(string?)view.Element("Name")}' shows PropertyName '{pn.Value.Trim()}', which {t} does not have.");
                }
        }
        return errors;
    }
}

public sealed class FormatTests
{
    private static string Merged => Path.Combine(TestPaths.OutModule, "AtlasPS.Format.ps1xml");
    private static string Sample(string name) => Path.Combine(TestPaths.SamplesDir, name);

    [FormatXsdFact] public void Merged_format_file_validates_against_Format_xsd() => Violations.None(FormatRules.SchemaErrors(Merged, TestPaths.FormatXsd));

    [Fact] public void Merged_format_file_names_real_types_and_properties() => Violations.None(FormatRules.NameErrors(Merged, TypeCatalog.Module));

    [Fact]
    public void Merged_format_file_holds_every_view_of_the_sources()
    {
        var sources = new[] { TestPaths.Repo.MainFormat }.Concat(TestPaths.Repo.FormatFragments).Where(File.Exists).ToList();
        var expected = sources.SelectMany(f => XDocument.Load(f).Descendants("View").Select(v => (string?)v.Element("Name"))).Order().ToList();
        var merged = XDocument.Load(Merged).Descendants("View").Select(v => (string?)v.Element("Name")).Order().ToList();
        Assert.Equal(expected, merged);
    }

    [FormatXsdFact]
    public void Good_sample_passes_both_checks()
    {
        Violations.None(FormatRules.SchemaErrors(Sample("Good.Format.ps1xml"), TestPaths.FormatXsd));
        Violations.None(FormatRules.NameErrors(Sample("Good.Format.ps1xml"), TypeCatalog.Samples));
    }

    [FormatXsdFact]
    public void Planted_misspelt_element_fails_schema_validation_with_its_line()
    {
        var errors = FormatRules.SchemaErrors(Sample("MisspeltElement.Format.ps1xml"), TestPaths.FormatXsd);
        var e = Assert.Single(errors);
        Assert.Contains("TableColumnHeadr", e);
        Assert.StartsWith("MisspeltElement.Format.ps1xml(13)", e);
    }

    [FormatXsdFact]
    public void Planted_wrong_type_and_property_names_are_caught()
    {
        Violations.None(FormatRules.SchemaErrors(Sample("WrongNames.Format.ps1xml"), TestPaths.FormatXsd));
        var errors = FormatRules.NameErrors(Sample("WrongNames.Format.ps1xml"), TypeCatalog.Samples);
        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'SurfaceSamples.SampleGizmo'"));
        Assert.Contains(errors, e => e.Contains("'Nmae'"));
    }
}
