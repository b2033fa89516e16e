using System.Reflection;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// Rotation's proof and a new organization's rollback sign in as another credential with the connection's settings.
/// The copy used to be written out by hand twice and dropped PageConcurrency; every setting must travel.
/// </summary>
public class ClientOptionsCloneTests
{
    [Fact]
    public void WithCredential_copies_every_setting_but_the_credential()
    {
        var original = new AtlasClientOptions
        {
            BaseUri = new Uri("http://127.0.0.1:1/"), Credential = new ApiKeyCredential("abcdefgh", SecretText.FromString("old")),
            RequestTimeout = TimeSpan.FromSeconds(7), MaxRetryDuration = TimeSpan.FromSeconds(9), MaxRetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(5), PageConcurrency = 4, Diagnostics = _ => { }, InnerHandler = new HttpClientHandler(),
            UserAgentSuffix = "test", TimeProvider = new OtherClock(),
        };
        var other = new ApiKeyCredential("zyxwvuts", SecretText.FromString("new"));

        var copy = original.WithCredential(other);

        Assert.NotSame(original, copy);
        Assert.Same(other, copy.Credential);
        foreach (var p in typeof(AtlasClientOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != nameof(AtlasClientOptions.Credential)))
            Assert.True(Equals(p.GetValue(original), p.GetValue(copy)), p.Name + " was not copied");
        Assert.Equal(4, copy.PageConcurrency);
    }

    private sealed class OtherClock : TimeProvider { }
}
