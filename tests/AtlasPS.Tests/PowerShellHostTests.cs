using System.Management.Automation;
using AtlasPS.ModuleBuilder;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// A real PowerShell 7.6 (Microsoft.PowerShell.SDK, in-process) imports the laid-out module
/// out/AtlasPS/&lt;version&gt;/AtlasPS.psd1: loader, manifest exports, format file and MAML help as a user gets them.
/// </summary>
public sealed class PowerShellHostTests
{
    private static IReadOnlyList<PSObject> Invoke(string script, out IReadOnlyList<string> errors)
    {
        var outcome = Cmdlets.HostedSession.RunOnce(script);
        errors = outcome.Errors.Select(e => e.ToString()).ToList();
        return outcome.Output;
    }

    private static string Manifest => Path.Combine(TestPaths.OutModule, "AtlasPS.psd1");

    [Fact]
    public void Import_module_exports_exactly_the_manifest_cmdlets()
    {
        var result = Invoke($"Import-Module '{Manifest}' -ErrorAction Stop; Get-Command -Module AtlasPS | ForEach-Object Name", out var errors);
        Assert.Empty(errors);
        var expected = ManifestText.ReadCmdletsToExport(File.ReadAllText(Manifest)).Order().ToList();
        Assert.Equal(expected, result.Select(r => r.ToString()).Order().ToList());
        Assert.Equal(Surfaces.Module.Count, result.Count);
    }

    [Fact]
    public void Manifest_is_valid_for_Test_ModuleManifest_and_loads_the_format_file()
    {
        var result = Invoke($@"
            $m = Test-ModuleManifest -Path '{Manifest}' -ErrorAction Stop
            $imported = Import-Module '{Manifest}' -PassThru -ErrorAction Stop
            [pscustomobject]@{{
                Version = $m.Version.ToString()
                Editions = ($m.CompatiblePSEditions -join ',')
                Formats = ($imported.ExportedFormatFiles | ForEach-Object {{ Split-Path $_ -Leaf }}) -join ','
                Tags = ($m.Tags -join ',')
            }}", out var errors);
        Assert.Empty(errors);
        var info = Assert.Single(result);
        Assert.Equal(TestPaths.Version, info.Properties["Version"].Value);
        Assert.Equal("Desktop,Core", info.Properties["Editions"].Value);
        Assert.Equal("AtlasPS.Format.ps1xml", info.Properties["Formats"].Value);
        Assert.Contains("PSEdition_Core", (string)info.Properties["Tags"].Value);
    }

    [Fact]
    public void Get_Help_shows_the_synopsis_of_every_documented_cmdlet_and_the_about_topic()
    {
        var pages = TestPaths.Repo.CmdletPages.Select(PlatyMarkdown.ParseFile)
            .Where(p => Surfaces.Module.Any(c => c.Name == p.Name)).ToList();
        var names = string.Join(",", pages.Select(p => "'" + p.Name + "'"));
        var result = Invoke($"Import-Module '{Manifest}' -ErrorAction Stop; foreach ($n in @({names})) {{ (Get-Help $n).Synopsis }}", out var errors);
        Assert.Empty(errors);
        Assert.Equal(pages.Select(p => PlatyMarkdown.Paragraphs(p.Synopsis).First()), result.Select(r => r.ToString().Trim()));

        var about = Invoke($"Import-Module '{Manifest}' -ErrorAction Stop; Get-Help about_AtlasPS | Out-String", out var aboutErrors);
        Assert.Empty(aboutErrors);
        Assert.Contains("Manage MongoDB Atlas programmatic access", string.Join("", about));
    }

    [Fact]
    public async Task Quick_start_runs_against_the_emulator()
    {
        if (!Surfaces.Module.Any(c => c.Name == "Connect-Atlas") || !Surfaces.Module.Any(c => c.Name == "New-AtlasApiKey")) return;
        await using var emulator = await AtlasPS.Emulator.EmulatorServer.StartAsync(new AtlasPS.Emulator.EmulatorOptions());
        var seed = emulator.Seed;
        var result = Invoke($@"
            Import-Module '{Manifest}' -ErrorAction Stop
            $private = ConvertTo-SecureString '{seed.PrivateKey}' -AsPlainText -Force
            Connect-Atlas -BaseUri '{emulator.BaseUri}' -PublicKey '{seed.PublicKey}' -PrivateKey $private -ErrorAction Stop
            $org = Get-AtlasOrganization -ErrorAction Stop
            $before = @(Get-AtlasApiKey -ErrorAction Stop).Count
            New-AtlasApiKey -Description 'smoke test' -Role ORG_READ_ONLY -WhatIf
            $after = @(Get-AtlasApiKey -ErrorAction Stop).Count
            $table = Get-AtlasApiKey | Format-Table | Out-String
            Disconnect-Atlas
            [pscustomobject]@{{ OrgIds = @($org.Id) -join ','; Before = $before; After = $after; Table = $table }}", out var errors);
        Assert.Empty(errors);
        var r = Assert.Single(result);
        string S(string name) => r.Properties[name].Value?.ToString() ?? "";
        Assert.Contains(seed.OrgId, S("OrgIds"));
        Assert.Equal(S("Before"), S("After"));
        Assert.True(int.Parse(S("Before")) >= 1);
        Assert.Contains(seed.PublicKey, S("Table"));
        Assert.DoesNotContain(seed.PrivateKey, S("Table"));
    }
}
