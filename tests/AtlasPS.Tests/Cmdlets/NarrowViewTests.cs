using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>Issue 15 point 17: the default views read well in an 80-column console (Out-String -Width 80).</summary>
public sealed class NarrowViewTests
{
    private static void Shows(string text, string expected) => Assert.True(text.Contains(expected, StringComparison.Ordinal), $"no '{expected}' in\n{text}");

    private static string Render(HostedSession s, string command)
    {
        var o = s.Invoke(command + " | Out-String -Width 80");
        Assert.Empty(o.Errors);
        var text = string.Join("", o.Strings);
        foreach (var line in text.Split('\n'))
            Assert.True(line.TrimEnd('\r').Length <= 80, $"{command}: a line is wider than 80 columns:\n{text}");
        return text;
    }

    [Fact]
    public async Task Service_account_roles_are_readable_at_80_columns()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        Assert.Empty(s.Invoke("$null = New-AtlasServiceAccount -Name 'narrow-view-bot' -Description 'narrow view' -Role ORG_READ_ONLY, ORG_BILLING_ADMIN").Errors);

        var text = Render(s, "Get-AtlasServiceAccount -Name 'narrow-view-bot'");
        Shows(text, "Roles");
        Shows(text, "ORG_READ_ONLY");
        Shows(text, "ORG_BILLING_ADMIN");
        Shows(text, "mdb_sa_id_");
    }

    [Fact]
    public async Task The_access_report_joins_its_lists_and_fits_80_columns()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("narrow report", new[] { "ORG_READ_ONLY", "ORG_BILLING_ADMIN" });
        using var s = HostedSession.Start(e);

        var text = Render(s, $"Get-AtlasAccessReport | Where-Object Id -eq '{key.Id}'");
        Assert.DoesNotContain("{", text);
        Shows(text, "ORG_READ_ONLY");
        Shows(text, "ORG_BILLING_ADMIN");
        Shows(text, "NoAccessList");  // the findings of a key without an access list that was never used
        Shows(text, "NeverUsed");
        Shows(text, "Findings");
        Shows(text, key.PublicKey);
    }

    [Fact]
    public async Task The_connection_view_shows_whole_labels_and_ids_at_80_columns()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start();
        string project = e.Seed.ProjectIds[0];
        Assert.Empty(s.Invoke(s.ConnectScript(e) + $" -ProjectId {project} -OrganizationId {e.Seed.OrgId}").Errors);

        var text = Render(s, "Get-AtlasConnection");
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.StartsWith("ProjectId", StringComparison.Ordinal) && l.EndsWith(project, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("OrganizationId", StringComparison.Ordinal) && l.EndsWith(e.Seed.OrgId, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("AuthenticationType", StringComparison.Ordinal));
        Shows(text, e.Seed.PublicKey);
    }
}
