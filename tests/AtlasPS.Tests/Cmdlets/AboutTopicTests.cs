using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>Issue 15 point 18: Get-Help about_AtlasPS* lists each topic with its short description as the Synopsis.</summary>
public sealed class AboutTopicTests
{
    [Fact]
    public void Get_Help_lists_each_about_topic_with_its_short_description()
    {
        using var s = HostedSession.Start();
        var o = s.Invoke("Get-Help about_AtlasPS* | ForEach-Object { $_.Name + '|' + $_.Synopsis }");
        Assert.Empty(o.Errors);
        var topics = o.Strings.Select(x => x.Split('|', 2)).ToDictionary(x => x[0], x => x[1]);
        // Every about_AtlasPS*.md in docs/en-US is a topic Get-Help finds.
        var expectedTopics = Directory.GetFiles(TestPaths.Repo.Docs, "about_AtlasPS*.md").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains("about_AtlasPS_DSC", expectedTopics);
        Assert.Equal(expectedTopics, topics.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, synopsis) in topics)
        {
            // The whole first paragraph under "## SHORT DESCRIPTION" of docs/en-US/<topic>.md, on one line.
            var md = File.ReadAllLines(Path.Combine(TestPaths.Repo.Docs, name + ".md"));
            var expected = string.Join(" ", md.SkipWhile(l => l.Trim() != "## SHORT DESCRIPTION").Skip(1)
                .SkipWhile(l => l.Trim().Length == 0).TakeWhile(l => l.Trim().Length > 0 && !l.StartsWith('#')).Select(l => l.Trim()));
            Assert.NotEqual("SHORT DESCRIPTION", synopsis);
            Assert.Equal(expected.Replace("`", ""), synopsis);
        }
    }
}
