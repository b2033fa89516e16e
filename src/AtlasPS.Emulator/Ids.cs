using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

internal static class Ids
{
    public static string Hex24() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static string PublicKey()
    {
        Span<char> c = stackalloc char[8];
        for (var i = 0; i < 8; i++) c[i] = (char)('a' + RandomNumberGenerator.GetInt32(26));
        return new string(c);
    }

    public static string Secret()
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        Span<char> c = stackalloc char[40];
        for (var i = 0; i < c.Length; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        return "mdb_sa_sk_" + new string(c);
    }

    public static string RedactPrivateKey(string key) => "********-****-****-" + (key.Length >= 12 ? key[^12..] : key);

    public static string MaskSecret(string secret) => "mdb_sa_sk_****" + (secret.Length >= 4 ? secret[^4..] : "");

    public static string Token()
    {
        return Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
