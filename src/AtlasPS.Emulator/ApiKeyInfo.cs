using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of an organization API key.</summary>
public sealed record ApiKeyInfo(string Id, string OrgId, string Description, string PublicKey,
    IReadOnlyList<string> OrgRoles, IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectRoles,
    IReadOnlyList<AccessListEntryInfo> AccessList);
