using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of an access-list entry.</summary>
public sealed record AccessListEntryInfo(string? IpAddress, string CidrBlock, DateTimeOffset Created,
    string? LastUsedAddress, DateTimeOffset? LastUsed, int Count);
