using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

internal sealed class OrgEntity
{
    public required string Id;
    public required string Name;
    public bool SkipDefaultAlertsSettings;
    public int MaxSecretHours = 8760;
    public bool ApiAccessListRequired;
    public bool MultiFactorAuthRequired;
    public bool RestrictEmployeeAccess;
    public bool GenAIFeaturesEnabled = true;
    public bool StreamsCrossGroupEnabled;
    public string? SecurityContact;
}

internal sealed class ProjectEntity
{
    public required string Id;
    public required string OrgId;
    public required string Name;
    public DateTimeOffset Created;
}

internal sealed class AccessEntry
{
    public string? IpAddress;          // set when created from ipAddress
    public required string CidrBlock;  // always set, canonical "network/prefix"
    public required IPAddress Network;
    public int Prefix;
    public DateTimeOffset Created;
    public string? LastUsedAddress;
    public DateTimeOffset? LastUsed;
    public int Count;

    public bool Contains(IPAddress ip) => Net.InCidr(ip, Network, Prefix);
}

internal sealed class ApiKeyEntity
{
    public required string Id;
    public required string OrgId;
    private string _desc = "";
    /// <summary>Keys are listed by description: changing one invalidates the cached list order (<see cref="EmulatorState.OrgKeysInListOrder"/>).</summary>
    public required string Desc { get => _desc; set { _desc = value; Interlocked.Increment(ref s_descEpoch); } }
    public required string PublicKey;
    public required string PrivateKey;
    private static long s_descEpoch;
    internal static long DescEpoch => Interlocked.Read(ref s_descEpoch);
    public List<string> OrgRoles = new();
    public Dictionary<string, List<string>> ProjectRoles = new(StringComparer.Ordinal);
    public List<AccessEntry> AccessList = new();
}

internal sealed class SecretEntity
{
    public required string Id;
    public required string Value;
    public DateTimeOffset CreatedAt;
    public DateTimeOffset ExpiresAt;
    public DateTimeOffset? LastUsedAt;
}

internal sealed class ServiceAccountEntity
{
    public required string ClientId;
    public required string OrgId;
    public required string Name;
    public required string Description;
    public DateTimeOffset CreatedAt;
    public List<string> OrgRoles = new();
    public Dictionary<string, List<string>> ProjectRoles = new(StringComparer.Ordinal);
    public List<SecretEntity> Secrets = new();
    public List<AccessEntry> AccessList = new();
}

internal sealed class InvoiceEntity
{
    public required string Id;
    public required string OrgId;
    public DateTimeOffset Created;
    public DateTimeOffset StartDate;
    public DateTimeOffset EndDate;
    public required string StatusName;
    public long AmountBilledCents;
    public long AmountPaidCents;
    public long CreditsCents = 0;
    public long SalesTaxCents = 0;
    public long StartingBalanceCents = 0;
    public long SubtotalCents;
    public List<InvoiceLineItemSeed> LineItems = new();
}

internal sealed class ClusterEntity
{
    public required string Id;
    public required string GroupId;
    public required string Name;
    public required string InstanceSize;
    public required string ProviderName;
    public required string RegionName;
    public string ClusterType = "REPLICASET";
    public string StateName = "IDLE";
    public bool Paused;
    public string MongoDBVersion = "8.0.4";
    public DateTimeOffset CreateDate;
    public bool BackupEnabled = false;
    public double DiskSizeGB = 10;
    public int NodeCount = 3;
}
