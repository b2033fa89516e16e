using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>Snapshot of a project.</summary>
public sealed record ProjectInfo(string Id, string OrgId, string Name, DateTimeOffset Created);
