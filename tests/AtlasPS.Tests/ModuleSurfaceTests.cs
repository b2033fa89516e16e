using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

internal static class Violations
{
    public static void None(IReadOnlyCollection<string> violations) =>
        Assert.True(violations.Count == 0, violations.Count + " violation(s):\n" + string.Join("\n", violations));

    /// <summary>The rule reported exactly these cmdlets (each at least once) and no other.</summary>
    public static void Exactly(IReadOnlyCollection<string> violations, params string[] cmdlets)
    {
        var reported = violations.Select(v => v[..v.IndexOf(':')]).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.True(cmdlets.Order(StringComparer.Ordinal).SequenceEqual(reported),
            $"expected violations for [{string.Join(", ", cmdlets)}], got:\n{string.Join("\n", violations)}");
    }
}

/// <summary>The module-surface rules over the built module (out/AtlasPS/&lt;version&gt;/bin/net8.0/AtlasPS.dll).</summary>
public sealed class ModuleSurfaceTests
{
    private static IReadOnlyList<CmdletModel> Cmdlets => Surfaces.Module;

    [Fact] public void Verbs_are_approved() => Violations.None(SurfaceRules.ApprovedVerbs(Cmdlets, Surfaces.ApprovedVerbs));
    [Fact] public void State_changing_cmdlets_support_ShouldProcess() => Violations.None(SurfaceRules.ShouldProcessOnStateChange(Cmdlets));
    [Fact] public void Credential_and_organization_removals_are_ConfirmImpact_High() => Violations.None(SurfaceRules.HighConfirmImpact(Cmdlets, SurfaceRules.HighImpactCmdlets));
    [Fact] public void Positions_are_unique_per_parameter_set() => Violations.None(SurfaceRules.UniquePositions(Cmdlets));
    [Fact] public void At_most_one_ValueFromPipeline_per_set() => Violations.None(SurfaceRules.OneValueFromPipelinePerSet(Cmdlets));
    [Fact] public void No_parameter_or_alias_clashes_with_common_parameters() => Violations.None(SurfaceRules.NoCommonParameterClash(Cmdlets));
    [Fact] public void No_pipeline_parameter_binds_a_bare_Id() => Violations.None(SurfaceRules.NoGenericIdAliasFromPipeline(Cmdlets));
    [Fact] public void A_pipeline_Id_alias_is_caught() =>
        Violations.Exactly(SurfaceRules.NoGenericIdAliasFromPipeline(Surfaces.Samples.Where(c => c.Name == "Get-SampleGadget")), "Get-SampleGadget");
    [Fact] public void DefaultParameterSetName_names_a_real_set() => Violations.None(SurfaceRules.DefaultSetExists(Cmdlets));
    [Fact] public void No_ambiguous_parameter_sets() => Violations.None(SurfaceRules.NoAmbiguousSets(Cmdlets));
    [Fact] public void Get_output_pipes_into_the_other_cmdlets_of_its_noun() => Violations.None(SurfaceRules.GetPipesIntoVerb(Cmdlets, TypeCatalog.Module.Properties));
    [Fact] public void Every_cmdlet_declares_OutputType() => Violations.None(SurfaceRules.OutputTypePresent(Cmdlets));
    [Fact] public void Cmdlet_classes_are_sealed_and_named_VerbNounCommand() => Violations.None(SurfaceRules.SealedAndNamed(Cmdlets));

    [Fact]
    public void OutputTypes_name_types_that_exist()
    {
        var missing = Cmdlets.SelectMany(c => c.OutputTypes.Where(t => TypeCatalog.Module.Find(t) is null).Select(t => $"{c.Name}: [OutputType] {t} not found")).ToList();
        Violations.None(missing);
    }

    [Fact]
    public void Approved_verbs_are_read_from_the_5_1_reference_assembly()
    {
        // 98 verbs in Windows PowerShell 5.1 (Build and Deploy came later).
        Assert.Equal(98, Surfaces.ApprovedVerbs.Count);
        Assert.Contains("Get", Surfaces.ApprovedVerbs);
        Assert.Contains("Grant", Surfaces.ApprovedVerbs);
        Assert.DoesNotContain("Deploy", Surfaces.ApprovedVerbs);
    }
}

/// <summary>Each rule reports exactly the cmdlet in tests/SurfaceSamples that carries its planted mistake.</summary>
public sealed class PlantedSurfaceMistakeTests
{
    private static IReadOnlyList<CmdletModel> Samples => Surfaces.Samples;

    [Fact] public void Unapproved_verb_is_caught() => Violations.Exactly(SurfaceRules.ApprovedVerbs(Samples, Surfaces.ApprovedVerbs), "Rotate-SampleSecret");
    [Fact] public void Missing_ShouldProcess_is_caught() => Violations.Exactly(SurfaceRules.ShouldProcessOnStateChange(Samples), "New-SampleThing");
    [Fact] public void Medium_ConfirmImpact_on_a_credential_removal_is_caught() =>
        Violations.Exactly(SurfaceRules.HighConfirmImpact(Samples, new[] { "Remove-SampleApiKey", "Remove-SampleGadget" }), "Remove-SampleApiKey");
    [Fact] public void Duplicate_position_is_caught() => Violations.Exactly(SurfaceRules.UniquePositions(Samples), "Get-SampleDuplicatePosition");
    [Fact] public void Two_ValueFromPipeline_parameters_in_a_set_are_caught() => Violations.Exactly(SurfaceRules.OneValueFromPipelinePerSet(Samples), "Get-SampleTwoPipelines");
    [Fact] public void Common_parameter_clashes_are_caught() => Violations.Exactly(SurfaceRules.NoCommonParameterClash(Samples), "Get-SampleAliasClash", "Get-SamplePaged");
    [Fact] public void Misspelt_default_set_is_caught() => Violations.Exactly(SurfaceRules.DefaultSetExists(Samples), "Get-SampleBadDefault");
    [Fact] public void Ambiguous_sets_are_caught() => Violations.Exactly(SurfaceRules.NoAmbiguousSets(Samples), "Get-SampleAmbiguous");
    [Fact] public void Missing_OutputType_is_caught() => Violations.Exactly(SurfaceRules.OutputTypePresent(Samples), "Get-SampleNoOutput");
    [Fact] public void Unsealed_and_misnamed_classes_are_caught() => Violations.Exactly(SurfaceRules.SealedAndNamed(Samples), "Get-SampleMisnamed", "Get-SampleUnsealed");

    [Fact]
    public void Get_output_that_cannot_bind_by_property_name_is_caught()
    {
        var v = SurfaceRules.GetPipesIntoVerb(Samples, TypeCatalog.Samples.Properties);
        Assert.Single(v);
        Assert.StartsWith("Get-SampleWidget | Set-SampleWidget:", v[0]);
        Assert.Contains("-WidgetId", v[0]);
    }

    [Fact]
    public void Clean_samples_pass_every_rule()
    {
        var clean = Samples.Where(c => c.Noun is "SampleGadget" or "SampleRenamed").ToList();
        Assert.Equal(3, clean.Count);
        Violations.None(SurfaceRules.All(clean, Surfaces.ApprovedVerbs, TypeCatalog.Samples.Properties, new[] { "Remove-SampleGadget" }));
    }

    [Fact]
    public void Reader_sees_sets_positions_pipeline_and_aliases()
    {
        var get = Surfaces.Sample("Get-SampleGadget");
        Assert.Equal(new[] { "ById", "List" }, get.SetNames);
        Assert.Equal("List", get.DefaultParameterSetName);
        var id = get.Parameters.Single(p => p.Name == "GadgetId");
        Assert.Equal(new[] { "Id" }, id.Aliases);
        var e = Assert.Single(id.Entries);
        Assert.True(e.Mandatory && e.ValueFromPipelineByPropertyName && e.Position == 0 && e.SetName == "ById");
        var remove = Surfaces.Sample("Remove-SampleGadget");
        Assert.True(remove.SupportsShouldProcess);
        Assert.Equal("High", remove.ConfirmImpact);
        Assert.Equal(new[] { "SurfaceSamples.SampleGadget" }, remove.OutputTypes);
    }
}
