using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of a service-account secret (value not included).</summary>
public sealed record ServiceAccountSecretInfo(string Id, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt);
