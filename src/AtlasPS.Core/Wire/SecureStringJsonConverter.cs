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
            int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            var buffer = new char[max];
            try
            {
                int n = reader.CopyString(buffer);
                var secure = new SecureString();
                for (int i = 0; i < n; i++) secure.AppendChar(buffer[i]);
                secure.MakeReadOnly();
                return secure;
            }
            finally
            {
                Array.Clear(buffer, 0, buffer.Length);
            }
        }

        public override void Write(Utf8JsonWriter writer, SecureString value, JsonSerializerOptions options) =>
            throw new NotSupportedException("Secrets are never serialized.");
    }
}
