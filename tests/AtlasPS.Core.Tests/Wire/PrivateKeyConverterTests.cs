using System.Text.Json;
using AtlasPS.Core;
using AtlasPS.Core.Wire;
using Xunit;

namespace AtlasPS.Core.Tests.Wire;

/// <summary>
/// An API key's privateKey is the secret in a create answer and the redacted form in every read. The converter keeps
/// the redacted form as text (no SecureString per listed key) and reads the secret into a SecureString only.
/// </summary>
public sealed class PrivateKeyConverterTests
{
    private static ApiKeyUserDetails Read(string privateKeyJson) =>
        JsonSerializer.Deserialize("{\"id\":\"k1\",\"privateKey\":" + privateKeyJson + "}", AtlasJsonContext.Default.ApiKeyUserDetails)!;

    [Fact]
    public void The_redacted_form_of_a_read_stays_text_and_makes_no_secret()
    {
        var k = Read("\"********-****-****-c4e9a4f1ba4b\"");
        Assert.Equal("********-****-****-c4e9a4f1ba4b", k.PrivateKey!.Masked);
        Assert.Null(k.PrivateKey.Secret);
        var model = k.ToModel("o1");
        Assert.Equal("********-****-****-c4e9a4f1ba4b", model.MaskedPrivateKey);
        Assert.Null(model.PrivateKey);
    }

    [Fact]
    public void The_key_of_a_create_answer_is_read_into_a_read_only_secure_string_only()
    {
        var k = Read("\"55c3e8a1-1234-4cde-9abc-c4e9a4f1ba4b\"");
        Assert.Null(k.PrivateKey!.Masked);
        var secret = k.PrivateKey.Secret!;
        Assert.True(secret.IsReadOnly());
        Assert.True(SecretText.AreEqual(SecretText.FromString("55c3e8a1-1234-4cde-9abc-c4e9a4f1ba4b"), secret));
        var model = k.ToModel("o1");
        Assert.Same(secret, model.PrivateKey);
        Assert.Null(model.MaskedPrivateKey);
    }

    [Fact]
    public void Escaped_text_is_decoded_before_it_is_told_apart()
    {
        // \u002a is '*': a server may escape it; the mask must still be recognised (and a secret decoded).
        Assert.Equal("********-****-****-c4e9a4f1ba4b", Read("\"\\u002a\\u002a\\u002a\\u002a\\u002a\\u002a\\u002a\\u002a-****-****-c4e9a4f1ba4b\"").PrivateKey!.Masked);
        var secret = Read("\"ab\\u0063d\"").PrivateKey!.Secret!;
        Assert.True(SecretText.AreEqual(SecretText.FromString("abcd"), secret));
    }

    [Fact]
    public void Null_and_empty_values_are_handled()
    {
        Assert.Null(Read("null").PrivateKey);
        var empty = Read("\"\"").PrivateKey!.Secret!;
        Assert.Equal(0, empty.Length);
    }

    [Fact]
    public void A_non_string_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => Read("42"));
    }

    [Fact]
    public void The_secret_never_serialises_back()
    {
        var k = Read("\"55c3e8a1-1234-4cde-9abc-c4e9a4f1ba4b\"");
        Assert.Throws<NotSupportedException>(() => JsonSerializer.Serialize(k, AtlasJsonContext.Default.ApiKeyUserDetails));
    }
}
