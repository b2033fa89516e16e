using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>Issue 15 point 26: -First asks Atlas for what is needed; long operations write progress records.</summary>
public sealed class PagingAndProgressTests
{
    [Theory]
    [InlineData("Get-AtlasProject -First 2", "/groups", "itemsPerPage=2")]
    [InlineData("Get-AtlasApiKey -First 2", "/apiKeys", "itemsPerPage=2")]
    [InlineData("Get-AtlasProject -Skip 1 -First 2", "/groups", "itemsPerPage=3")]
    public async Task First_asks_for_the_items_needed_not_a_page_of_500(string command, string path, string expected)
    {
        await using var e = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 6 });
        for (int i = 0; i < 4; i++) e.State.CreateApiKey("paging " + i, new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke(command);
        Assert.Empty(o.Errors);
        Assert.Equal(2, o.Output.Count);
        var lists = e.Requests.Entries.Where(r => r.Method == "GET" && r.Path.EndsWith(path, StringComparison.Ordinal)).ToList();
        var list = Assert.Single(lists);
        Assert.Contains(expected, list.Query);
    }

    private static (List<PSObject> Output, List<ProgressRecord> Progress, List<ErrorRecord> Errors) InvokeWithProgress(HostedSession s, string script)
    {
        using var ps = s.Create();
        ps.AddScript(script);
        var output = ps.Invoke().ToList();
        return (output, ps.Streams.Progress.ToList(), ps.Streams.Error.ToList());
    }

    private static void AssertOneActivityEndingCompleted(List<ProgressRecord> progress, string activity)
    {
        var mine = progress.Where(p => p.Activity == activity).ToList();
        Assert.True(mine.Count >= 2, $"no progress records for {activity}: " + string.Join("; ", progress.Select(p => p.Activity + ": " + p.StatusDescription)));
        Assert.Single(mine.Select(p => p.ActivityId).Distinct());
        Assert.Equal(ProgressRecordType.Completed, mine[^1].RecordType);
        var processing = mine.Where(p => p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.NotEmpty(processing);
        Assert.All(processing, p => Assert.InRange(p.PercentComplete, 0, 100));
        Assert.Equal(processing.Select(p => p.PercentComplete).Order(), processing.Select(p => p.PercentComplete));
        Assert.Equal(100, processing[^1].PercentComplete);
    }

    [Fact]
    public async Task A_fan_out_over_projects_writes_progress_with_a_percentage_and_a_Completed_record()
    {
        await using var e = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 8 });
        using var s = HostedSession.Start(e);

        var (output, progress, errors) = InvokeWithProgress(s,
            "New-AtlasApiKey -Description 'progress' -Role ORG_READ_ONLY -ProjectId (Get-AtlasProject).Id -ProjectRole GROUP_READ_ONLY -ThrottleLimit 2 -WarningAction SilentlyContinue");
        Assert.Empty(errors);
        Assert.Single(output);
        AssertOneActivityEndingCompleted(progress, "New-AtlasApiKey");
        Assert.Contains(progress, p => p.StatusDescription.Contains("8 of 8", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_access_report_writes_progress()
    {
        await using var e = await EmulatorServer.StartAsync();
        for (int i = 0; i < 3; i++) e.State.CreateApiKey("report " + i, new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var (output, progress, errors) = InvokeWithProgress(s, "Get-AtlasAccessReport");
        Assert.Empty(errors);
        Assert.True(output.Count >= 4);
        AssertOneActivityEndingCompleted(progress, "Get-AtlasAccessReport");
    }
}
