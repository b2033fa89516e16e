using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of an organization.</summary>
public sealed record OrgInfo(string Id, string Name, int MaxServiceAccountSecretValidityInHours, bool ApiAccessListRequired);
