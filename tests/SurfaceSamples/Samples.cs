using System.Management.Automation;

// Each class marked "PLANTED" carries exactly one mistake that one rule of tests/AtlasPS.Tests must report;
// the classes marked "CLEAN" must pass every rule.
namespace SurfaceSamples
{
    public sealed class SampleGadget
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
    }

    public sealed class SampleWidget
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
    }

    // CLEAN
    [Cmdlet(VerbsCommon.Get, "SampleGadget", DefaultParameterSetName = "List")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleGadgetCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string GadgetId { get; set; } = "";

        [Parameter(ParameterSetName = "List", Position = 0)]
        public string? Name { get; set; }
    }

    // CLEAN
    [Cmdlet(VerbsCommon.Remove, "SampleGadget", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(SampleGadget))]
    public sealed class RemoveSampleGadgetCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string GadgetId { get; set; } = "";

        [Parameter]
        public SwitchParameter PassThru { get; set; }
    }

    // PLANTED (approved verbs): Rotate is not an approved verb.
    [Cmdlet("Rotate", "SampleSecret")]
    [OutputType(typeof(string))]
    public sealed class RotateSampleSecretCommand : PSCmdlet { }

    // PLANTED (ShouldProcess): New changes state but does not support ShouldProcess.
    [Cmdlet(VerbsCommon.New, "SampleThing")]
    [OutputType(typeof(SampleGadget))]
    public sealed class NewSampleThingCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string Name { get; set; } = "";
    }

    // PLANTED (ConfirmImpact High for credential removals): Medium.
    [Cmdlet(VerbsCommon.Remove, "SampleApiKey", SupportsShouldProcess = true)]
    [OutputType(typeof(SampleGadget))]
    public sealed class RemoveSampleApiKeyCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        public string ApiKeyId { get; set; } = "";
    }

    // PLANTED (unique positions): two parameters at position 0 in the same set.
    [Cmdlet(VerbsCommon.Get, "SampleDuplicatePosition")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleDuplicatePositionCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string? Name { get; set; }

        [Parameter(Position = 0)]
        public string? Description { get; set; }
    }

    // PLANTED (one ValueFromPipeline per set): two.
    [Cmdlet(VerbsCommon.Get, "SampleTwoPipelines")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleTwoPipelinesCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public string? Name { get; set; }

        [Parameter(ValueFromPipeline = true)]
        public SampleGadget? InputObject { get; set; }
    }

    // PLANTED (common parameters): -Skip clashes with SupportsPaging's -Skip.
    [Cmdlet(VerbsCommon.Get, "SamplePaged", SupportsPaging = true)]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSamplePagedCommand : PSCmdlet
    {
        [Parameter]
        public int Skip { get; set; }
    }

    // PLANTED (common parameters): an alias that is the name of a common parameter.
    [Cmdlet(VerbsCommon.Get, "SampleAliasClash")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleAliasClashCommand : PSCmdlet
    {
        [Parameter]
        [Alias("ErrorAction")]
        public SwitchParameter Quiet { get; set; }
    }

    // PLANTED (DefaultParameterSetName): names a set that does not exist (typo).
    [Cmdlet(VerbsCommon.Get, "SampleBadDefault", DefaultParameterSetName = "ByNmae")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleBadDefaultCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ByName", Mandatory = true)]
        public string Name { get; set; } = "";

        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        public string Id { get; set; } = "";
    }

    // CLEAN: a deliberate parameterless default set ("List" is declared by no parameter), which PowerShell accepts.
    [Cmdlet(VerbsCommon.Get, "SampleListDefault", DefaultParameterSetName = "List")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleListDefaultCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ById", Mandatory = true)]
        public string Id { get; set; } = "";
    }

    // PLANTED (ambiguous sets): A and B have the same mandatory parameters and neither is the default.
    [Cmdlet(VerbsCommon.Get, "SampleAmbiguous", DefaultParameterSetName = "C")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleAmbiguousCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "A", Mandatory = true)]
        [Parameter(ParameterSetName = "B", Mandatory = true)]
        public string Name { get; set; } = "";

        [Parameter(ParameterSetName = "A")]
        public string? Extra { get; set; }

        [Parameter(ParameterSetName = "B")]
        public string? Other { get; set; }

        [Parameter(ParameterSetName = "C", Mandatory = true)]
        public string Id { get; set; } = "";
    }

    // CLEAN on its own.
    [Cmdlet(VerbsCommon.Get, "SampleWidget", DefaultParameterSetName = "List")]
    [OutputType(typeof(SampleWidget))]
    public sealed class GetSampleWidgetCommand : PSCmdlet
    {
        [Parameter(ParameterSetName = "ById", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        public string WidgetId { get; set; } = "";

        [Parameter(ParameterSetName = "List")]
        public SwitchParameter All { get; set; }
    }

    // PLANTED (Get-X | Verb-X): -WidgetId has no alias "Id", so Get-SampleWidget | Set-SampleWidget cannot bind.
    [Cmdlet(VerbsCommon.Set, "SampleWidget", SupportsShouldProcess = true)]
    [OutputType(typeof(SampleWidget))]
    public sealed class SetSampleWidgetCommand : PSCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string WidgetId { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Name { get; set; }
    }

    // PLANTED ([OutputType]): none.
    [Cmdlet(VerbsCommon.Get, "SampleNoOutput")]
    public sealed class GetSampleNoOutputCommand : PSCmdlet { }

    // PLANTED (sealed): not sealed.
    [Cmdlet(VerbsCommon.Get, "SampleUnsealed")]
    [OutputType(typeof(SampleGadget))]
    public class GetSampleUnsealedCommand : PSCmdlet { }

    // PLANTED (class name): should be GetSampleMisnamedCommand.
    [Cmdlet(VerbsCommon.Get, "SampleMisnamed")]
    [OutputType(typeof(SampleGadget))]
    public sealed class SampleMisnamedCmdlet : PSCmdlet { }

    // CLEAN for the surface rules; its docs page (tests/AtlasPS.Tests/Samples/docs) still documents the parameter
    // under its old name -Name: PLANTED for the docs rules (a rename without updating the page).
    [Cmdlet(VerbsCommon.Get, "SampleRenamed")]
    [OutputType(typeof(SampleGadget))]
    public sealed class GetSampleRenamedCommand : PSCmdlet
    {
        [Parameter(Position = 0)]
        public string? DisplayName { get; set; }
    }
}
