using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

internal static class Net
{
    public static IPAddress Normalize(IPAddress ip) => ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip;

    /// <summary>Strict single address: dotted quad for IPv4, any valid IPv6 text.</summary>
    public static IPAddress? ParseAddress(string s)
    {
        if (string.IsNullOrWhiteSpace(s) || s.Contains('%') || s.Contains('/')) return null;
        if (!IPAddress.TryParse(s, out var ip)) return null;
        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Split('.').Length != 4) return null;
        return ip;
    }

    /// <summary>Parses "a.b.c.d/n" (or %2F) into masked network + prefix.</summary>
    public static (IPAddress Network, int Prefix)? ParseCidr(string s)
    {
        var t = s.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        var slash = t.IndexOf('/');
        if (slash <= 0) return null;
        var ip = ParseAddress(t[..slash]);
        if (ip is null || !int.TryParse(t[(slash + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix)) return null;
        var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        if (prefix < 0 || prefix > max) return null;
        return (Mask(ip, prefix), prefix);
    }

    public static AccessEntry? ParseEntry(string ipOrCidr)
    {
        var now = DateTimeOffset.UtcNow;
        var ip = ParseAddress(ipOrCidr);
        if (ip is not null)
        {
            var max = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
            return new AccessEntry { IpAddress = ip.ToString(), CidrBlock = $"{ip}/{max}", Network = ip, Prefix = max, Created = now };
        }
        var c = ParseCidr(ipOrCidr);
        if (c is null) return null;
        return new AccessEntry { CidrBlock = $"{c.Value.Network}/{c.Value.Prefix}", Network = c.Value.Network, Prefix = c.Value.Prefix, Created = now };
    }

    /// <summary>Canonical "network/prefix" for a path value (plain address or CIDR).</summary>
    public static string? Canonical(string ipOrCidr) => ParseEntry(ipOrCidr)?.CidrBlock;

    public static IPAddress Mask(IPAddress ip, int prefix)
    {
        var b = ip.GetAddressBytes();
        for (var i = 0; i < b.Length; i++)
        {
            var bits = Math.Clamp(prefix - i * 8, 0, 8);
            b[i] &= (byte)(0xFF << (8 - bits));
        }
        return new IPAddress(b);
    }

    public static bool InCidr(IPAddress ip, IPAddress network, int prefix)
    {
        ip = Normalize(ip);
        if (ip.AddressFamily != network.AddressFamily) return false;
        return Mask(ip, prefix).Equals(network);
    }
}
