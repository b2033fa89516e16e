using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>
/// Thread-safe in-memory state. Every public member takes the same lock the HTTP handlers take, so tests may seed
/// and inspect state while requests are in flight.
/// </summary>
public sealed class EmulatorState
{
    internal readonly object Sync = new();
    internal readonly Dictionary<string, OrgEntity> Orgs = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, ProjectEntity> ProjectsById = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, ApiKeyEntity> Keys = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, ApiKeyEntity> KeysByPublic = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, ServiceAccountEntity> Sas = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, InvoiceEntity> InvoicesById = new(StringComparer.Ordinal);
    internal readonly Dictionary<string, ClusterEntity> ClustersById = new(StringComparer.Ordinal);
    private string _defaultOrgId = "";
    private int _projectSeq;

    internal EmulatorState() { }

    /// <summary>The organization seeded at start-up (default target of the helpers).</summary>
    public string DefaultOrgId { get { lock (Sync) return _defaultOrgId; } internal set { lock (Sync) _defaultOrgId = value; } }

    // ---------------------------------------------------------------- seeding helpers

    /// <summary>Creates an organization and returns its id.</summary>
    public string CreateOrg(string name)
    {
        lock (Sync) return AddOrg(name).Id;
    }

    /// <summary>Creates one project in <paramref name="orgId"/> (default org when null).</summary>
    public string CreateProject(string name, string? orgId = null)
    {
        lock (Sync) return AddProject(name, OrgOrDefault(orgId)).Id;
    }

    /// <summary>Creates <paramref name="count"/> projects named Project-N and returns their ids.</summary>
    public IReadOnlyList<string> CreateProjects(int count, string? orgId = null)
    {
        lock (Sync)
        {
            var org = OrgOrDefault(orgId);
            var ids = new List<string>(count);
            for (var i = 0; i < count; i++) ids.Add(AddProject($"Project-{++_projectSeq}", org).Id);
            return ids;
        }
    }

    /// <summary>Creates an org API key with the given org roles.</summary>
    public (string Id, string PublicKey, string PrivateKey) CreateApiKey(string description, IEnumerable<string> orgRoles,
        string? orgId = null, string? publicKey = null, string? privateKey = null)
    {
        ArgumentNullException.ThrowIfNull(orgRoles);
        lock (Sync)
        {
            var k = AddApiKey(OrgOrDefault(orgId), description, orgRoles, publicKey, privateKey);
            return (k.Id, k.PublicKey, k.PrivateKey);
        }
    }

    /// <summary>Assigns (or re-assigns, replacing roles) an API key to a project.</summary>
    public void AssignApiKeyToProject(string apiKeyId, string groupId, IEnumerable<string> roles)
    {
        lock (Sync)
        {
            var k = Keys.TryGetValue(apiKeyId, out var kk) ? kk : throw new KeyNotFoundException(apiKeyId);
            if (!ProjectsById.ContainsKey(groupId)) throw new KeyNotFoundException(groupId);
            k.ProjectRoles[groupId] = roles.Distinct().ToList();
        }
    }

    /// <summary>Adds an IP address or CIDR block (with / or %2F) to an API key's access list.</summary>
    public void AddApiKeyAccessListEntry(string apiKeyId, string ipOrCidr)
    {
        lock (Sync)
        {
            var k = Keys.TryGetValue(apiKeyId, out var kk) ? kk : throw new KeyNotFoundException(apiKeyId);
            AddEntry(k.AccessList, ipOrCidr);
        }
    }

    /// <summary>Creates an org service account with one secret valid for <paramref name="secretHours"/> hours.</summary>
    public (string ClientId, string Secret) CreateServiceAccount(string name, IEnumerable<string> roles, int secretHours = 8760,
        string? orgId = null, string? secret = null)
    {
        ArgumentNullException.ThrowIfNull(roles);
        lock (Sync)
        {
            var sa = AddServiceAccount(OrgOrDefault(orgId), name, name, roles);
            var s = AddSecret(sa, TimeSpan.FromHours(secretHours), secret);
            return (sa.ClientId, s.Value);
        }
    }

    /// <summary>Adds a secret with an arbitrary lifetime (may be tiny or negative to model expiry).</summary>
    public (string SecretId, string Secret) AddServiceAccountSecret(string clientId, TimeSpan lifetime)
    {
        lock (Sync)
        {
            var s = AddSecret(Sa(clientId), lifetime, null);
            return (s.Id, s.Value);
        }
    }

    /// <summary>Moves a secret's expiry (e.g. into the past).</summary>
    public void SetServiceAccountSecretExpiry(string clientId, string secretId, DateTimeOffset expiresAt)
    {
        lock (Sync)
        {
            var s = Sa(clientId).Secrets.FirstOrDefault(x => x.Id == secretId) ?? throw new KeyNotFoundException(secretId);
            s.ExpiresAt = expiresAt;
        }
    }

    /// <summary>Assigns (replacing roles) a service account to a project.</summary>
    public void AssignServiceAccountToProject(string clientId, string groupId, IEnumerable<string> roles)
    {
        lock (Sync)
        {
            if (!ProjectsById.ContainsKey(groupId)) throw new KeyNotFoundException(groupId);
            Sa(clientId).ProjectRoles[groupId] = roles.Distinct().ToList();
        }
    }

    /// <summary>Adds an IP address or CIDR block to a service account's access list.</summary>
    public void AddServiceAccountAccessListEntry(string clientId, string ipOrCidr)
    {
        lock (Sync) AddEntry(Sa(clientId).AccessList, ipOrCidr);
    }

    /// <summary>Adds an invoice and returns its id.</summary>
    public string AddInvoice(DateTimeOffset startDate, DateTimeOffset endDate, string statusName, long amountBilledCents,
        long amountPaidCents = 0, IEnumerable<InvoiceLineItemSeed>? lineItems = null, string? orgId = null)
    {
        lock (Sync)
        {
            var inv = new InvoiceEntity
            {
                Id = Ids.Hex24(), OrgId = OrgOrDefault(orgId), Created = endDate, StartDate = startDate, EndDate = endDate,
                StatusName = statusName, AmountBilledCents = amountBilledCents, AmountPaidCents = amountPaidCents,
                SubtotalCents = amountBilledCents, LineItems = lineItems?.ToList() ?? new List<InvoiceLineItemSeed>(),
            };
            InvoicesById[inv.Id] = inv;
            return inv.Id;
        }
    }

    /// <summary>Adds a cluster to a project and returns its id.</summary>
    public string AddCluster(string groupId, string name, string instanceSize = "M10", string providerName = "AWS",
        string regionName = "US_EAST_1", bool paused = false)
    {
        lock (Sync)
        {
            if (!ProjectsById.ContainsKey(groupId)) throw new KeyNotFoundException(groupId);
            var c = new ClusterEntity
            {
                Id = Ids.Hex24(), GroupId = groupId, Name = name, InstanceSize = instanceSize, ProviderName = providerName,
                RegionName = regionName, Paused = paused, CreateDate = DateTimeOffset.UtcNow,
            };
            ClustersById[c.Id] = c;
            return c.Id;
        }
    }

    /// <summary>Sets the org's maxServiceAccountSecretValidityInHours and apiAccessListRequired.</summary>
    public void ConfigureOrg(string? orgId = null, int? maxServiceAccountSecretValidityInHours = null, bool? apiAccessListRequired = null)
    {
        lock (Sync)
        {
            var o = Orgs[OrgOrDefault(orgId)];
            if (maxServiceAccountSecretValidityInHours is { } h) o.MaxSecretHours = h;
            if (apiAccessListRequired is { } r) o.ApiAccessListRequired = r;
        }
    }

    /// <summary>
    /// Backdates (or clears) the last use recorded on an access-list entry of an API key (by id) or service account (by
    /// client id), as if the principal had last called from <paramref name="address"/> at <paramref name="lastUsed"/>.
    /// </summary>
    public void SetAccessListEntryLastUsed(string principalId, string ipOrCidr, DateTimeOffset? lastUsed, string? address = null)
    {
        lock (Sync)
        {
            var list = Keys.TryGetValue(principalId, out var k) ? k.AccessList : Sa(principalId).AccessList;
            var cidr = Net.Canonical(ipOrCidr) ?? throw new ArgumentException($"Not an IP address or CIDR block: {ipOrCidr}", nameof(ipOrCidr));
            var e = list.FirstOrDefault(x => x.CidrBlock == cidr) ?? throw new KeyNotFoundException(ipOrCidr);
            e.LastUsed = lastUsed;
            e.LastUsedAddress = lastUsed is null ? null : address ?? e.IpAddress ?? e.Network.ToString();
            if (lastUsed is not null && e.Count == 0) e.Count = 1;
        }
    }

    /// <summary>Backdates (or clears) a service-account secret's lastUsedAt.</summary>
    public void SetServiceAccountSecretLastUsed(string clientId, string secretId, DateTimeOffset? lastUsedAt)
    {
        lock (Sync)
        {
            var s = Sa(clientId).Secrets.FirstOrDefault(x => x.Id == secretId) ?? throw new KeyNotFoundException(secretId);
            s.LastUsedAt = lastUsedAt;
        }
    }

    // ---------------------------------------------------------------- query helpers

    public IReadOnlyList<OrgInfo> Organizations { get { lock (Sync) return Orgs.Values.Select(o => new OrgInfo(o.Id, o.Name, o.MaxSecretHours, o.ApiAccessListRequired)).ToList(); } }

    public IReadOnlyList<ProjectInfo> Projects { get { lock (Sync) return ProjectsById.Values.Select(p => new ProjectInfo(p.Id, p.OrgId, p.Name, p.Created)).ToList(); } }

    public IReadOnlyList<ApiKeyInfo> ApiKeys { get { lock (Sync) return Keys.Values.Select(Snap).ToList(); } }

    public IReadOnlyList<ServiceAccountInfo> ServiceAccounts { get { lock (Sync) return Sas.Values.Select(Snap).ToList(); } }

    public ApiKeyInfo? GetApiKey(string id) { lock (Sync) return Keys.TryGetValue(id, out var k) ? Snap(k) : null; }

    public ServiceAccountInfo? GetServiceAccount(string clientId) { lock (Sync) return Sas.TryGetValue(clientId, out var s) ? Snap(s) : null; }

    public IReadOnlyList<AccessListEntryInfo> ApiKeyAccessList(string apiKeyId) => GetApiKey(apiKeyId)?.AccessList ?? throw new KeyNotFoundException(apiKeyId);

    public IReadOnlyList<AccessListEntryInfo> ServiceAccountAccessList(string clientId) => GetServiceAccount(clientId)?.AccessList ?? throw new KeyNotFoundException(clientId);

    /// <summary>Project id → roles for an API key.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ApiKeyProjectAssignments(string apiKeyId) => GetApiKey(apiKeyId)?.ProjectRoles ?? throw new KeyNotFoundException(apiKeyId);

    /// <summary>Project id → roles for a service account.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ServiceAccountProjectAssignments(string clientId) => GetServiceAccount(clientId)?.ProjectRoles ?? throw new KeyNotFoundException(clientId);

    public int InvoiceCount { get { lock (Sync) return InvoicesById.Count; } }

    public int ClusterCount(string groupId) { lock (Sync) return ClustersById.Values.Count(c => c.GroupId == groupId); }

    // ---------------------------------------------------------------- internals (caller holds Sync)

    internal string OrgOrDefault(string? orgId)
    {
        var id = orgId ?? _defaultOrgId;
        if (!Orgs.ContainsKey(id)) throw new KeyNotFoundException(id);
        return id;
    }

    internal ServiceAccountEntity Sa(string clientId) => Sas.TryGetValue(clientId, out var s) ? s : throw new KeyNotFoundException(clientId);

    internal OrgEntity AddOrg(string name)
    {
        var o = new OrgEntity { Id = Ids.Hex24(), Name = name };
        Orgs[o.Id] = o;
        return o;
    }

    internal ProjectEntity AddProject(string name, string orgId)
    {
        var p = new ProjectEntity { Id = Ids.Hex24(), OrgId = orgId, Name = name, Created = DateTimeOffset.UtcNow };
        ProjectsById[p.Id] = p;
        return p;
    }

    internal ApiKeyEntity AddApiKey(string orgId, string desc, IEnumerable<string> orgRoles, string? publicKey = null, string? privateKey = null)
    {
        string pub;
        do pub = publicKey ?? Ids.PublicKey(); while (publicKey is null && KeysByPublic.ContainsKey(pub));
        var k = new ApiKeyEntity
        {
            Id = Ids.Hex24(), OrgId = orgId, Desc = desc, PublicKey = pub, PrivateKey = privateKey ?? Guid.NewGuid().ToString(),
            OrgRoles = orgRoles.Distinct().ToList(),
        };
        Keys[k.Id] = k;
        KeysByPublic[k.PublicKey] = k;
        _keySetVersion++;
        return k;
    }

    internal void RemoveApiKey(ApiKeyEntity k)
    {
        Keys.Remove(k.Id);
        KeysByPublic.Remove(k.PublicKey);
        _keySetVersion++;
    }

    private long _keySetVersion;
    private readonly Dictionary<string, (long Set, long Desc, List<ApiKeyEntity> Keys)> _orgKeyOrder = new(StringComparer.Ordinal);

    /// <summary>
    /// An organization's keys in list order (description, then id). Sorting 5,000 keys for each page request was most
    /// of the emulator's time when a client pages through them, so the order is kept until a key is added, removed or
    /// renamed. The entities are live: only the order is cached.
    /// </summary>
    internal IReadOnlyList<ApiKeyEntity> OrgKeysInListOrder(string orgId)
    {
        var descEpoch = ApiKeyEntity.DescEpoch;
        if (_orgKeyOrder.TryGetValue(orgId, out var hit) && hit.Set == _keySetVersion && hit.Desc == descEpoch) return hit.Keys;
        var keys = Keys.Values.Where(k => k.OrgId == orgId).ToList();
        keys.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Desc, b.Desc);
            return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
        });
        _orgKeyOrder[orgId] = (_keySetVersion, descEpoch, keys);
        return keys;
    }

    internal ServiceAccountEntity AddServiceAccount(string orgId, string name, string description, IEnumerable<string> orgRoles)
    {
        var sa = new ServiceAccountEntity
        {
            ClientId = "mdb_sa_id_" + Ids.Hex24(), OrgId = orgId, Name = name, Description = description,
            CreatedAt = DateTimeOffset.UtcNow, OrgRoles = orgRoles.Distinct().ToList(),
        };
        Sas[sa.ClientId] = sa;
        return sa;
    }

    internal static SecretEntity AddSecret(ServiceAccountEntity sa, TimeSpan lifetime, string? value)
    {
        var now = DateTimeOffset.UtcNow;
        var s = new SecretEntity { Id = Ids.Hex24(), Value = value ?? Ids.Secret(), CreatedAt = now, ExpiresAt = now + lifetime };
        sa.Secrets.Add(s);
        return s;
    }

    /// <summary>Adds unless an equal entry exists (Atlas treats re-adding as a no-op).</summary>
    internal static AccessEntry AddEntry(List<AccessEntry> list, string ipOrCidr)
    {
        var e = Net.ParseEntry(ipOrCidr) ?? throw new ArgumentException($"Not an IP address or CIDR block: {ipOrCidr}", nameof(ipOrCidr));
        var existing = list.FirstOrDefault(x => x.CidrBlock == e.CidrBlock);
        if (existing is not null) return existing;
        list.Add(e);
        return e;
    }

    private static AccessListEntryInfo Snap(AccessEntry e) => new(e.IpAddress, e.CidrBlock, e.Created, e.LastUsedAddress, e.LastUsed, e.Count);

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Snap(Dictionary<string, List<string>> d) =>
        d.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToArray(), StringComparer.Ordinal);

    private static ApiKeyInfo Snap(ApiKeyEntity k) => new(k.Id, k.OrgId, k.Desc, k.PublicKey, k.OrgRoles.ToArray(), Snap(k.ProjectRoles), k.AccessList.Select(Snap).ToArray());

    private static ServiceAccountInfo Snap(ServiceAccountEntity s) => new(s.ClientId, s.OrgId, s.Name, s.Description, s.OrgRoles.ToArray(),
        Snap(s.ProjectRoles), s.Secrets.Select(x => new ServiceAccountSecretInfo(x.Id, x.CreatedAt, x.ExpiresAt, x.LastUsedAt)).ToArray(),
        s.AccessList.Select(Snap).ToArray());
}

