using System.Text.RegularExpressions;
using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>AtlasPS.psd1 (repo root, the source) and the laid-out module in out/AtlasPS/&lt;version&gt;/.</summary>
public sealed class ManifestAndLayoutTests
{
    private static string Psd1 => File.ReadAllText(TestPaths.Repo.Manifest);

    [Fact]
    public void CmdletsToExport_lists_exactly_the_cmdlets_of_the_assembly()
    {
        var expected = Surfaces.Module.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
        var listed = ManifestText.ReadCmdletsToExport(Psd1).Order(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.True(expected.SequenceEqual(listed, StringComparer.OrdinalIgnoreCase),
            "AtlasPS.psd1 CmdletsToExport differs from the [Cmdlet] classes of the built assembly.\n" +
            $"Missing: {string.Join(", ", expected.Except(listed, StringComparer.OrdinalIgnoreCase))}\n" +
            $"Not in the assembly: {string.Join(", ", listed.Except(expected, StringComparer.OrdinalIgnoreCase))}\n" +
            "Run `dotnet run --project tools/AtlasPS.ModuleBuilder -- update-manifest`, or paste:\n    " + ManifestText.FormatBlock(expected));
    }

    [Fact]
    public void Manifest_check_catches_a_planted_stale_list()
    {
        // A manifest that forgot one cmdlet and still lists a removed one.
        var stale = ManifestText.ReplaceCmdletsToExport(Psd1, new[] { "Get-SampleGadget", "Remove-SampleOldThing" });
        var listed = ManifestText.ReadCmdletsToExport(stale);
        var actual = new[] { "Get-SampleGadget", "Remove-SampleGadget" };
        Assert.Equal(new[] { "Remove-SampleGadget" }, actual.Except(listed));
        Assert.Equal(new[] { "Remove-SampleOldThing" }, listed.Except(actual));
        // and the regenerated block round-trips
        Assert.Equal(actual, ManifestText.ReadCmdletsToExport(ManifestText.ReplaceCmdletsToExport(stale, actual)));
    }

    [Fact]
    public void Manifest_declares_editions_versions_and_empty_exports()
    {
        var t = Psd1;
        Assert.Equal("AtlasPS.psm1", ManifestText.ReadValue(t, "RootModule"));
        Assert.Equal(TestPaths.Version, ManifestText.ReadValue(t, "ModuleVersion"));
        Assert.Matches(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", ManifestText.ReadValue(t, "GUID"));
        foreach (var key in new[] { "Author", "CompanyName", "Copyright", "Description", "ProjectUri", "LicenseUri", "ReleaseNotes" })
            Assert.False(string.IsNullOrWhiteSpace(ManifestText.ReadValue(t, key)), key + " is empty");
        Assert.Equal("5.1", ManifestText.ReadValue(t, "PowerShellVersion"));
        Assert.Equal("4.7.2", ManifestText.ReadValue(t, "DotNetFrameworkVersion"));
        Assert.Matches(@"CompatiblePSEditions\s*=\s*@\('Desktop',\s*'Core'\)", t);
        Assert.Matches(@"FormatsToProcess\s*=\s*@\('AtlasPS.Format.ps1xml'\)", t);
        foreach (var key in new[] { "FunctionsToExport", "VariablesToExport" })
            Assert.Matches(key + @"\s*=\s*@\(\)", t);
        // AliasesToExport is left out on purpose: with all three export lists explicit, Get-Module -ListAvailable
        // does not look into NestedModules and shows no ExportedDscResources (DscResourceTests checks the effect).
        Assert.DoesNotMatch(@"(?m)^\s*AliasesToExport", t);
        Assert.Matches(@"NestedModules\s*=\s*@\('DSCResources/AtlasPS.DscResources.psm1'\)", t);
        Assert.Matches(@"DscResourcesToExport\s*=\s*@\('AtlasApiKey',\s*'AtlasServiceAccount'\)", t);
        foreach (var tag in new[] { "PSEdition_Desktop", "PSEdition_Core", "Windows", "Linux", "MacOS", "MongoDB", "Atlas" })
            Assert.Contains("'" + tag + "'", Regex.Match(t, @"Tags\s*=\s*@\([^)]*\)").Value);
        // SecretManagement is optional: a missing RequiredModules entry would make Import-Module fail without it.
        Assert.DoesNotMatch(@"(?m)^\s*RequiredModules", t);
    }

    [Fact]
    public void Laid_out_module_has_the_expected_files()
    {
        var dir = TestPaths.OutModule;
        foreach (var f in new[] { "AtlasPS.psd1", "AtlasPS.psm1", "AtlasPS.Format.ps1xml", "en-US/AtlasPS.dll-Help.xml" })
            Assert.True(File.Exists(Path.Combine(dir, f)), f + " missing");
        foreach (var dll in new[] { "bin/net472/AtlasPS.dll", "bin/net472/AtlasPS.Core.dll", "bin/net472/Polly.Core.dll", "bin/net472/Refit.dll",
                     // PowerShell 7: only the cmdlet assembly beside the loader, the rest in the private load context's folder.
                     "bin/net8.0/AtlasPS.dll", "bin/net8.0/dependencies/AtlasPS.Core.dll", "bin/net8.0/dependencies/Polly.Core.dll", "bin/net8.0/dependencies/Refit.dll" })
            Assert.True(File.Exists(Path.Combine(dir, dll)), dll + " missing");
        Assert.Equal(new[] { "AtlasPS.dll" }, Directory.GetFiles(Path.Combine(dir, "bin", "net8.0"), "*.dll").Select(Path.GetFileName));
        foreach (var dll in new[] { "System.Text.Json.dll", "System.Memory.dll", "Microsoft.Bcl.AsyncInterfaces.dll", "System.Runtime.CompilerServices.Unsafe.dll" })
            Assert.True(File.Exists(Path.Combine(dir, "bin", "net472", dll)), "bin/net472/" + dll + " missing");
        // .NET 8 has System.Text.Json in the box: shipping the package there would shadow PowerShell's own copy.
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "bin", "net8.0"), "System.Text.Json.dll", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(dir, "System.Management.Automation.dll", SearchOption.AllDirectories));
        foreach (var about in TestPaths.Repo.AboutPages)
            Assert.True(File.Exists(Path.Combine(dir, "en-US", Path.GetFileNameWithoutExtension(about) + ".help.txt")), about + " has no help.txt");
    }

    [Fact]
    public void Laid_out_manifest_carries_the_build_version_and_the_assembly_cmdlets()
    {
        var t = File.ReadAllText(Path.Combine(TestPaths.OutModule, "AtlasPS.psd1"));
        Assert.Equal(TestPaths.Version, ManifestText.ReadValue(t, "ModuleVersion"));
        Assert.Equal(Surfaces.Module.Select(c => c.Name).Order(StringComparer.OrdinalIgnoreCase),
            ManifestText.ReadCmdletsToExport(t).Order(StringComparer.OrdinalIgnoreCase));
    }

    [Fact]
    public void Loader_picks_the_assembly_by_edition()
    {
        var psm1 = File.ReadAllText(Path.Combine(TestPaths.OutModule, "AtlasPS.psm1"));
        Assert.Contains("$PSEdition -eq 'Core'", psm1);
        Assert.Contains("'net8.0'", psm1);
        Assert.Contains("'net472'", psm1);
        Assert.Contains("Import-Module", psm1);
    }
}
