using Xunit;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Tests.Workflows;

public class AtlasWildcardTests
{
    [Theory]
    [InlineData("cost*", "cost-tool (read-only billing)", true)]
    [InlineData("cost*", "Cost-tool", true)]
    [InlineData("cost*", "my cost-tool", false)]
    [InlineData("*tool*", "my cost-tool key", true)]
    [InlineData("key?", "key1", true)]
    [InlineData("key?", "key12", false)]
    [InlineData("key[0-3]", "key2", true)]
    [InlineData("key[0-3]", "key7", false)]
    [InlineData("key[abc]", "keyB", true)]
    [InlineData("deploy", "deploy", true)]
    [InlineData("deploy", "deployment", false)]
    [InlineData("a`*b", "a*b", true)]
    [InlineData("a`*b", "axb", false)]
    [InlineData("what`?", "what?", true)]
    [InlineData("what`?", "whatx", false)]
    [InlineData("`[x`]", "[x]", true)]
    [InlineData("a.b", "axb", false)]
    [InlineData("(prod)*", "(prod) ci", true)]
    [InlineData("*", "", true)]
    [InlineData("ci-*", "CI-Deploy", true)]
    [InlineData("[ab]x", "bx", true)]
    [InlineData("a`*", "a*", true)]
    [InlineData("a`*", "ab", false)]
    public void Matches_like_PowerShell(string pattern, string text, bool expected) =>
        Assert.Equal(expected, new AtlasWildcard(pattern).IsMatch(text));

    [Fact]
    public void Unclosed_bracket_is_refused_with_advice()
    {
        var ex = Assert.Throws<AtlasValidationException>(() => new AtlasWildcard("key[0-3"));
        Assert.Equal("AtlasInvalidWildcard", ex.ErrorId);
        Assert.Contains("`[", ex.Message);
    }

    [Theory]
    [InlineData("abc", false)]
    [InlineData("a*", true)]
    [InlineData("a?", true)]
    [InlineData("a[b]", true)]
    [InlineData("a`*", false)]
    [InlineData("plain name", false)]
    public void Detects_wildcards(string pattern, bool expected) => Assert.Equal(expected, AtlasWildcard.ContainsWildcard(pattern));
}
