using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of a service account.</summary>
public sealed record ServiceAccountInfo(string ClientId, string OrgId, string Name, string Description,
    IReadOnlyList<string> OrgRoles, IReadOnlyDictionary<string, IReadOnlyList<string>> ProjectRoles,
    IReadOnlyList<ServiceAccountSecretInfo> Secrets, IReadOnlyList<AccessListEntryInfo> AccessList);
