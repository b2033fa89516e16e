using System;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AtlasPS.Core.Wire
{
    /// <summary>
    /// Reads a JSON string straight into a read-only SecureString without creating a managed string,
    /// through a char buffer that is zeroed afterwards. Writing is refused: secrets never travel back out as JSON.
    /// </summary>
    internal sealed class SecureStringJsonConverter : JsonConverter<SecureString>
    {
        public override SecureString? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("Expected a string for a secret value.");
            return ReadSecure(ref reader);
        }

        public override void Write(Utf8JsonWriter writer, SecureString value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Secrets are never serialized.");

        /// <summary>The current string token as a read-only SecureString, built in one allocation.</summary>
        internal static SecureString ReadSecure(ref Utf8JsonReader reader)
        {
            int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var buffer = new char[max];
            try
            {
                int n = reader.CopyString(buffer);
                return ToSecureString(buffer, n);
            }
            finally
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        // AppendChar grows the unmanaged buffer one character at a time (a reallocation each time); the pointer
        // constructor copies once. Reading 5,000 list entries spent most of its client time there.
        internal static unsafe SecureString ToSecureString(char[] chars, int length)
        {
            SecureString secure;
            if (length == 0) secure = new SecureString();
            else
                fixed (char* p = chars)
                    secure = new SecureString(p, length);
            secure.MakeReadOnly();
            return secure;
        }
    }

    /// <summary>
    /// An API key's <c>privateKey</c> field: the secret itself in a create answer, or the redacted form
    /// ("********-****-****-c4e9a4f1ba4b") that every read returns. The redacted form is not a secret and stays text.
    /// </summary>
    internal sealed class WirePrivateKey
    {
        public SecureString? Secret { get; set; }
        public string? Masked { get; set; }
    }

    /// <summary>
    /// Tells the two forms of <see cref="WirePrivateKey"/> apart while reading: a value with '*' in it is the mask and is
    /// kept as a string (no SecureString is made and thrown away for each of thousands of listed keys); any other value
    /// goes straight into a SecureString, as <see cref="SecureStringJsonConverter"/> does.
    /// </summary>
    internal sealed class WirePrivateKeyJsonConverter : JsonConverter<WirePrivateKey>
    {
        public override WirePrivateKey? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("Expected a string for a private key.");
            if (!reader.HasValueSequence && !reader.ValueIsEscaped)
            {
                // '*' is ASCII, so looking for it in the raw UTF-8 is exact.
                return reader.ValueSpan.IndexOf((byte)'*') >= 0
                    ? new WirePrivateKey { Masked = reader.GetString() }
                    : new WirePrivateKey { Secret = SecureStringJsonConverter.ReadSecure(ref reader) };
            }
            int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var buffer = new char[max];
            try
            {
                int n = reader.CopyString(buffer);
                return Array.IndexOf(buffer, '*', 0, n) >= 0
                    ? new WirePrivateKey { Masked = new string(buffer, 0, n) }
                    : new WirePrivateKey { Secret = SecureStringJsonConverter.ToSecureString(buffer, n) };
            }
            finally
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        public override void Write(Utf8JsonWriter writer, WirePrivateKey value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Secrets are never serialized.");
    }
}
