using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
    internal static readonly string[] OrgRoleNames =
        { "ORG_OWNER", "ORG_MEMBER", "ORG_GROUP_CREATOR", "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY", "ORG_STREAM_PROCESSING_ADMIN", "ORG_READ_ONLY" };

    [GeneratedRegex(@"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$")]
    private static partial Regex OrgNamePattern();

    [GeneratedRegex(@"^[\p{L}\p{N}\-_.,' ]*$")]
    private static partial Regex SaTextPattern();

    [GeneratedRegex(@"^GROUP_[A-Z_]+$")]
    private static partial Regex ProjectRolePattern();

    [GeneratedRegex(@"^[a-f0-9]{24}$")]
    private static partial Regex HexId();

    [GeneratedRegex(@"^mdb_sa_id_[a-fA-F\d]{24}$")]
    private static partial Regex ClientIdPattern();

    private void RegisterRoutes()
    {
        var v23 = new[] { V2023 };
        var v24 = new[] { V2024 };
        // organizations
        R("GET", "orgs", "listOrgs", v23, ListOrgs);
        R("POST", "orgs", "createOrg", v23, CreateOrg);
        R("GET", "orgs/{orgId}", "getOrg", v23, GetOrg);
        R("PATCH", "orgs/{orgId}", "updateOrg", v23, UpdateOrg);
        R("DELETE", "orgs/{orgId}", "deleteOrg", v23, DeleteOrg);
        R("GET", "orgs/{orgId}/settings", "getOrgSettings", v23, GetOrgSettings);
        R("PATCH", "orgs/{orgId}/settings", "updateOrgSettings", v23, UpdateOrgSettings);
        R("GET", "orgs/{orgId}/groups", "getOrgGroups", v23, GetOrgGroups);
        // projects
        R("GET", "groups", "listGroups", v23, ListGroups);
        R("POST", "groups", "createGroup", v23, CreateGroup);
        R("GET", "groups/{groupId}", "getGroup", v23, GetGroup);
        // org API keys
        R("GET", "orgs/{orgId}/apiKeys", "listOrgApiKeys", v23, ListOrgApiKeys);
        R("POST", "orgs/{orgId}/apiKeys", "createOrgApiKey", v23, CreateOrgApiKey);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}", "getOrgApiKey", v23, GetOrgApiKey);
        R("PATCH", "orgs/{orgId}/apiKeys/{apiUserId}", "updateOrgApiKey", v23, UpdateOrgApiKey);
        R("DELETE", "orgs/{orgId}/apiKeys/{apiUserId}", "deleteOrgApiKey", v23, DeleteOrgApiKey);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}/accessList", "listOrgApiKeyAccessListEntries", v23, ListKeyAccess);
        R("POST", "orgs/{orgId}/apiKeys/{apiUserId}/accessList", "createOrgApiKeyAccessListEntry", v23, CreateKeyAccess);
        R("GET", "orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", "getOrgApiKeyAccessListEntry", v23, GetKeyAccess);
        R("DELETE", "orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", "deleteOrgApiKeyAccessListEntry", v23, DeleteKeyAccess);
        // project API keys
        R("GET", "groups/{groupId}/apiKeys", "listGroupApiKeys", v23, ListGroupApiKeys);
        R("POST", "groups/{groupId}/apiKeys", "createGroupApiKey", v23, CreateGroupApiKey);
        R("POST", "groups/{groupId}/apiKeys/{apiUserId}", "addGroupApiKey", v23, AddGroupApiKey);
        R("PATCH", "groups/{groupId}/apiKeys/{apiUserId}", "updateGroupApiKeyRoles", v23, UpdateGroupApiKeyRoles);
        R("DELETE", "groups/{groupId}/apiKeys/{apiUserId}", "removeGroupApiKey", v23, RemoveGroupApiKey);
        // org service accounts
        R("GET", "orgs/{orgId}/serviceAccounts", "listOrgServiceAccounts", v24, ListOrgSas);
        R("POST", "orgs/{orgId}/serviceAccounts", "createOrgServiceAccount", v24, CreateOrgSa);
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}", "getOrgServiceAccount", v24, GetOrgSa);
        R("PATCH", "orgs/{orgId}/serviceAccounts/{clientId}", "updateOrgServiceAccount", v24, UpdateOrgSa);
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}", "deleteOrgServiceAccount", v24, DeleteOrgSa);
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}/groups", "getOrgServiceAccountGroups", v24, GetOrgSaGroups);
        R("POST", "orgs/{orgId}/serviceAccounts/{clientId}/secrets", "createOrgServiceAccountSecret", v24, c => CreateSecret(c, OrgSaFor(c, write: true)));
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}", "deleteOrgServiceAccountSecret", v24, c => DeleteSecret(c, OrgSaFor(c, write: true)));
        R("GET", "orgs/{orgId}/serviceAccounts/{clientId}/accessList", "listOrgServiceAccountAccessList", v24, c => ListSaAccess(c, OrgSaFor(c, write: false)));
        R("POST", "orgs/{orgId}/serviceAccounts/{clientId}/accessList", "createOrgServiceAccountAccessList", v24, c => CreateSaAccess(c, OrgSaFor(c, write: true)));
        R("DELETE", "orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}", "deleteOrgServiceAccountAccessListEntry", v24, c => DeleteSaAccess(c, OrgSaFor(c, write: true)));
        // project service accounts
        R("GET", "groups/{groupId}/serviceAccounts", "listGroupServiceAccounts", v24, ListGroupSas);
        R("POST", "groups/{groupId}/serviceAccounts", "createGroupServiceAccount", v24, CreateGroupSa);
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}:invite", "inviteGroupServiceAccount", v24, InviteGroupSa);
        R("GET", "groups/{groupId}/serviceAccounts/{clientId}", "getGroupServiceAccount", v24, c => Ok(c, GroupSaJson(c, GroupSaFor(c, Need.ProjectRead), c.P("groupId"))));
        R("PATCH", "groups/{groupId}/serviceAccounts/{clientId}", "updateGroupServiceAccount", v24, UpdateGroupSa);
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}", "deleteGroupServiceAccount", v24, DeleteGroupSa);
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}/secrets", "createGroupServiceAccountSecret", v24, c => CreateSecret(c, GroupSaFor(c, Need.ProjectOwner)));
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}/secrets/{secretId}", "deleteGroupServiceAccountSecret", v24, c => DeleteSecret(c, GroupSaFor(c, Need.ProjectOwner)));
        R("GET", "groups/{groupId}/serviceAccounts/{clientId}/accessList", "listGroupServiceAccountAccessList", v24, c => ListSaAccess(c, GroupSaFor(c, Need.ProjectRead)));
        R("POST", "groups/{groupId}/serviceAccounts/{clientId}/accessList", "createGroupServiceAccountAccessList", v24, c => CreateSaAccess(c, GroupSaFor(c, Need.ProjectAccessManager)));
        R("DELETE", "groups/{groupId}/serviceAccounts/{clientId}/accessList/{ipAddress}", "deleteGroupServiceAccountAccessListEntry", v24, c => DeleteSaAccess(c, GroupSaFor(c, Need.ProjectAccessManager)));
        // invoices
        R("GET", "orgs/{orgId}/invoices", "listOrgInvoices", v23, ListInvoices);
        R("GET", "orgs/{orgId}/invoices/pending", "listOrgInvoicePending", v23, ListPendingInvoices);
        R("GET", "orgs/{orgId}/invoices/{invoiceId}", "getOrgInvoice", new[] { V2023, V2023Csv }, GetInvoice);
        // clusters
        R("GET", "groups/{groupId}/clusters", "listGroupClusters", new[] { V2024, V20230201, V2023 }, ListClusters);
    }

    // ------------------------------------------------------------------ authorization

    private enum Need { OrgMember, OrgOwner, OrgBilling, OrgGroupCreator, ProjectRead, ProjectOwner, ProjectAccessManager }

    private static ApiException Forbidden(string what) =>
        new(403, "USER_UNAUTHORIZED_FOR_ACTION", $"The caller lacks the role required to {what}.", null, what);

    private OrgEntity Org(Call c, Need need)
    {
        var id = c.P("orgId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_ORG_ID", $"An invalid organization ID {id} was specified.", null, id);
        if (!S.Orgs.TryGetValue(id, out var org)) throw NotFound("ORG_NOT_FOUND", $"No organization with ID {id} exists.", id);
        if (!HasOrg(c.Who, org.Id, need)) throw Forbidden(need switch
        {
            Need.OrgOwner => "change this organization (Organization Owner)",
            Need.OrgBilling => "read billing data (Organization Billing Viewer)",
            Need.OrgGroupCreator => "create projects (Organization Project Creator)",
            _ => "read this organization (Organization Member)",
        });
        return org;
    }

    private static bool HasOrg(Principal who, string orgId, Need need)
    {
        if (who.OrgId != orgId) return false;
        var r = who.OrgRoles;
        return need switch
        {
            Need.OrgOwner => r.Contains("ORG_OWNER"),
            Need.OrgBilling => r.Contains("ORG_OWNER") || r.Contains("ORG_BILLING_ADMIN") || r.Contains("ORG_BILLING_READ_ONLY"),
            Need.OrgGroupCreator => r.Contains("ORG_OWNER") || r.Contains("ORG_GROUP_CREATOR"),
            _ => r.Count > 0,
        };
    }

    private ProjectEntity Project(Call c, Need need)
    {
        var id = c.P("groupId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_GROUP_ID", $"An invalid group ID {id} was specified.", null, id);
        if (!S.ProjectsById.TryGetValue(id, out var p)) throw NotFound("GROUP_NOT_FOUND", $"No group with ID {id} exists.", id);
        if (!CanProject(c.Who, p, need)) throw Forbidden(need switch
        {
            Need.ProjectRead => "read this project (Project Read Only)",
            Need.OrgOwner => "assign service accounts to projects (Organization Owner)",
            _ => "change this project (Project Owner)",
        });
        return p;
    }

    private static bool CanProject(Principal who, ProjectEntity p, Need need)
    {
        if (who.OrgId != p.OrgId) return false;
        var org = who.OrgRoles;
        if (org.Contains("ORG_OWNER")) return true;
        if (need == Need.OrgOwner) return false;
        who.ProjectRoles.TryGetValue(p.Id, out var pr);
        pr ??= new List<string>();
        return need switch
        {
            Need.ProjectRead => org.Contains("ORG_READ_ONLY") || pr.Count > 0,
            Need.ProjectAccessManager => pr.Contains("GROUP_OWNER") || pr.Contains("GROUP_USER_ADMIN"),
            _ => pr.Contains("GROUP_OWNER"),
        };
    }

    // ------------------------------------------------------------------ organizations

    private JsonObject OrgJson(Call c, OrgEntity o) => new()
    {
        ["id"] = o.Id,
        ["isDeleted"] = false,
        ["links"] = SelfLinks(c, "/orgs/" + o.Id),
        ["name"] = o.Name,
        ["skipDefaultAlertsSettings"] = o.SkipDefaultAlertsSettings,
    };

    private ApiResult ListOrgs(Call c)
    {
        var name = c.Q("name");
        var list = S.Orgs.Values.Where(o => o.Id == c.Who.OrgId && c.Who.OrgRoles.Count > 0)
            .Where(o => name is null || o.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            .OrderBy(o => o.Name, StringComparer.Ordinal).ProjectLazily((o) => (JsonNode)OrgJson(c, o)).ToList();
        return Page(c, list);
    }

    private static string ValidOrgName(string? name, string field)
    {
        if (name is null) throw Invalid(field, "is required");
        if (!OrgNamePattern().IsMatch(name)) throw Invalid(field, "must be 1-64 letters, digits or -_.(),:&@+'");
        return name;
    }

    private ApiResult CreateOrg(Call c)
    {
        var b = BodyObject(c);
        var name = ValidOrgName(Str(b, "name"), "name");
        var apiKey = b["apiKey"] as JsonObject;
        var sa = b["serviceAccount"] as JsonObject;
        if (apiKey is not null && sa is not null) throw Invalid("serviceAccount", "apiKey and serviceAccount cannot both be specified");
        (string Desc, List<string> Roles)? keySpec = apiKey is null ? null : (ValidDesc(Str(apiKey, "desc"), "apiKey.desc"), ValidOrgRoles(StrList(apiKey, "roles"), "apiKey.roles", required: true)!);
        var saSpec = sa is null ? null : ValidSaCreate(sa, "serviceAccount.", orgRoles: true, maxHours: 8760);

        var org = S.AddOrg(name);
        org.SkipDefaultAlertsSettings = BoolField(b, "skipDefaultAlertsSettings") ?? false;
        var resp = new JsonObject { ["organization"] = OrgJson(c, org), ["skipDefaultAlertsSettings"] = org.SkipDefaultAlertsSettings };
        if (Str(b, "orgOwnerId") is { } owner) resp["orgOwnerId"] = owner;
        if (keySpec is { } ks)
        {
            var k = S.AddApiKey(org.Id, ks.Desc, ks.Roles);
            resp["apiKey"] = KeyJson(c, k, revealPrivate: true);
        }
        if (saSpec is { } ss)
        {
            var account = S.AddServiceAccount(org.Id, ss.Name, ss.Description, ss.Roles);
            var secret = EmulatorState.AddSecret(account, TimeSpan.FromHours(ss.Hours), null);
            resp["serviceAccount"] = OrgSaJson(account, secret);
        }
        return Ok(c, resp, 201);
    }

    private ApiResult GetOrg(Call c) => Ok(c, OrgJson(c, Org(c, Need.OrgMember)));

    private ApiResult UpdateOrg(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var b = BodyObject(c);
        org.Name = ValidOrgName(Str(b, "name"), "name");
        if (BoolField(b, "skipDefaultAlertsSettings") is { } skip) org.SkipDefaultAlertsSettings = skip;
        return Ok(c, OrgJson(c, org));
    }

    private ApiResult DeleteOrg(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var projects = S.ProjectsById.Values.Count(p => p.OrgId == org.Id);
        if (projects > 0)
            throw new ApiException(409, "CANNOT_DELETE_ORG_ACTIVE_PROJECTS", $"Organization {org.Id} still has {projects} project(s); delete them first.", null, org.Id);
        S.Orgs.Remove(org.Id);
        foreach (var k in S.Keys.Values.Where(k => k.OrgId == org.Id).ToList()) S.RemoveApiKey(k);
        foreach (var s in S.Sas.Values.Where(s => s.OrgId == org.Id).ToList()) S.Sas.Remove(s.ClientId);
        foreach (var i in S.InvoicesById.Values.Where(i => i.OrgId == org.Id).ToList()) S.InvoicesById.Remove(i.Id);
        return ApiResult.NoContent();
    }

    private static JsonObject SettingsJson(OrgEntity o)
    {
        var j = new JsonObject
        {
            ["apiAccessListRequired"] = o.ApiAccessListRequired,
            ["genAIFeaturesEnabled"] = o.GenAIFeaturesEnabled,
            ["maxServiceAccountSecretValidityInHours"] = o.MaxSecretHours,
            ["multiFactorAuthRequired"] = o.MultiFactorAuthRequired,
            ["restrictEmployeeAccess"] = o.RestrictEmployeeAccess,
            ["streamsCrossGroupEnabled"] = o.StreamsCrossGroupEnabled,
        };
        if (o.SecurityContact is not null) j["securityContact"] = o.SecurityContact;
        return j;
    }

    private ApiResult GetOrgSettings(Call c) => Ok(c, SettingsJson(Org(c, Need.OrgMember)));

    private ApiResult UpdateOrgSettings(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var b = BodyObject(c);
        if (IntField(b, "maxServiceAccountSecretValidityInHours") is { } h)
        {
            if (h is < 8 or > 8760) throw Invalid("maxServiceAccountSecretValidityInHours", "must be between 8 and 8760");
            org.MaxSecretHours = h;
        }
        if (BoolField(b, "apiAccessListRequired") is { } a) org.ApiAccessListRequired = a;
        if (BoolField(b, "multiFactorAuthRequired") is { } m) org.MultiFactorAuthRequired = m;
        if (BoolField(b, "restrictEmployeeAccess") is { } r) org.RestrictEmployeeAccess = r;
        if (BoolField(b, "genAIFeaturesEnabled") is { } g) org.GenAIFeaturesEnabled = g;
        if (BoolField(b, "streamsCrossGroupEnabled") is { } sc) org.StreamsCrossGroupEnabled = sc;
        if (b.ContainsKey("securityContact")) org.SecurityContact = Str(b, "securityContact") is { Length: > 0 } e ? e : null;
        return Ok(c, SettingsJson(org));
    }

    // ------------------------------------------------------------------ projects

    private JsonObject GroupJson(Call c, ProjectEntity p) => new()
    {
        ["clusterCount"] = (long)S.ClustersById.Values.Count(x => x.GroupId == p.Id),
        ["created"] = Iso(p.Created),
        ["id"] = p.Id,
        ["links"] = SelfLinks(c, "/groups/" + p.Id),
        ["name"] = p.Name,
        ["orgId"] = p.OrgId,
        ["tags"] = new JsonArray(),
        ["withDefaultAlertsSettings"] = true,
    };

    private ApiResult GetOrgGroups(Call c)
    {
        var org = Org(c, Need.OrgMember);
        var name = c.Q("name");
        return Page(c, S.ProjectsById.Values.Where(p => p.OrgId == org.Id && (name is null || p.Name.Contains(name, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(p => p.Created).ThenBy(p => p.Name, StringComparer.Ordinal).ProjectLazily((p) => (JsonNode)GroupJson(c, p)).ToList());
    }

    private ApiResult ListGroups(Call c) =>
        Page(c, S.ProjectsById.Values.Where(p => CanProject(c.Who, p, Need.ProjectRead))
            .OrderBy(p => p.Created).ThenBy(p => p.Name, StringComparer.Ordinal).ProjectLazily((p) => (JsonNode)GroupJson(c, p)).ToList());

    private ApiResult GetGroup(Call c) => Ok(c, GroupJson(c, Project(c, Need.ProjectRead)));

    private ApiResult CreateGroup(Call c)
    {
        var b = BodyObject(c);
        var name = ValidOrgName(Str(b, "name"), "name");
        var orgId = Str(b, "orgId") ?? throw Invalid("orgId", "is required");
        if (!S.Orgs.ContainsKey(orgId)) throw NotFound("ORG_NOT_FOUND", $"No organization with ID {orgId} exists.", orgId);
        if (!HasOrg(c.Who, orgId, Need.OrgGroupCreator)) throw Forbidden("create projects (Organization Project Creator)");
        if (S.ProjectsById.Values.Any(p => p.OrgId == orgId && p.Name == name))
            throw new ApiException(409, "GROUP_ALREADY_EXISTS", $"A group with name \"{name}\" already exists.", null, name);
        return Ok(c, GroupJson(c, S.AddProject(name, orgId)));
    }

    // ------------------------------------------------------------------ org API keys

    private JsonObject KeyJson(Call c, ApiKeyEntity k, bool revealPrivate) => NodeFrom(w => WriteKey(w, c, k, revealPrivate));

    /// <summary>An ApiKeyUserDetails, written straight to UTF-8 (lists of thousands of keys are written this way).</summary>
    private static void WriteKey(Utf8JsonWriter w, Call c, ApiKeyEntity k, bool revealPrivate)
    {
        w.WriteStartObject();
        w.WriteString("desc", k.Desc);
        w.WriteString("id", k.Id);
        WriteSelfLinks(w, c, "/orgs/" + k.OrgId + "/apiKeys/" + k.Id);
        w.WriteString("privateKey", revealPrivate ? k.PrivateKey : Ids.RedactPrivateKey(k.PrivateKey));
        w.WriteString("publicKey", k.PublicKey);
        w.WriteStartArray("roles");
        foreach (var r in k.OrgRoles)
        {
            w.WriteStartObject();
            w.WriteString("orgId", k.OrgId);
            w.WriteString("roleName", r);
            w.WriteEndObject();
        }
        foreach (var (g, rs) in k.ProjectRoles.OrderBy(x => x.Key, StringComparer.Ordinal))
            foreach (var r in rs)
            {
                w.WriteStartObject();
                w.WriteString("groupId", g);
                w.WriteString("roleName", r);
                w.WriteEndObject();
            }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string ValidDesc(string? desc, string field)
    {
        if (desc is null) throw Invalid(field, "is required");
        if (desc.Length is < 1 or > 250) throw Invalid(field, "must be 1 to 250 characters");
        return desc;
    }

    private static List<string>? ValidOrgRoles(List<string>? roles, string field, bool required)
    {
        if (roles is null)
        {
            if (required) throw Invalid(field, "is required");
            return null;
        }
        if (roles.Count == 0) throw Invalid(field, "must contain at least one role");
        foreach (var r in roles)
            if (!OrgRoleNames.Contains(r)) throw Invalid(field, $"'{r}' is not a valid organization role");
        return roles.Distinct().ToList();
    }

    private static List<string>? ValidProjectRoles(List<string>? roles, string field, bool required)
    {
        if (roles is null)
        {
            if (required) throw Invalid(field, "is required");
            return null;
        }
        if (roles.Count == 0) throw Invalid(field, "must contain at least one role");
        foreach (var r in roles)
            if (!ProjectRolePattern().IsMatch(r)) throw Invalid(field, $"'{r}' is not a valid project role");
        return roles.Distinct().ToList();
    }

    private ApiKeyEntity KeyIn(Call c, OrgEntity org)
    {
        var id = c.P("apiUserId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_API_KEY_ID", $"An invalid API key ID {id} was specified.", null, id);
        if (!S.Keys.TryGetValue(id, out var k) || k.OrgId != org.Id) throw NotFound("API_KEY_NOT_FOUND", $"No API key with ID {id} exists in organization {org.Id}.", id);
        return k;
    }

    private ApiResult ListOrgApiKeys(Call c)
    {
        var org = Org(c, Need.OrgMember);
        return Page(c, S.OrgKeysInListOrder(org.Id), (w, k) => WriteKey(w, c, k, false));
    }

    private ApiResult CreateOrgApiKey(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var b = BodyObject(c);
        var desc = ValidDesc(Str(b, "desc"), "desc");
        var roles = ValidOrgRoles(StrList(b, "roles"), "roles", required: true)!;
        return Ok(c, KeyJson(c, S.AddApiKey(org.Id, desc, roles), revealPrivate: true));
    }

    private ApiResult GetOrgApiKey(Call c)
    {
        var org = Org(c, Need.OrgMember);
        return Ok(c, KeyJson(c, KeyIn(c, org), false));
    }

    private ApiResult UpdateOrgApiKey(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var k = KeyIn(c, org);
        var b = BodyObject(c);
        var desc = b.ContainsKey("desc") ? ValidDesc(Str(b, "desc"), "desc") : null;
        var roles = ValidOrgRoles(StrList(b, "roles"), "roles", required: false);
        if (desc is not null) k.Desc = desc;
        if (roles is not null) k.OrgRoles = roles;
        return Ok(c, KeyJson(c, k, false));
    }

    private ApiResult DeleteOrgApiKey(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var k = KeyIn(c, org);
        k.ProjectRoles.Clear();
        S.RemoveApiKey(k);
        return ApiResult.NoContent();
    }

    // ------------------------------------------------------------------ access lists

    private static JsonObject KeyAccessJson(Call c, ApiKeyEntity k, AccessEntry e)
    {
        var j = new JsonObject { ["cidrBlock"] = e.CidrBlock };
        if (e.Count > 0) j["count"] = e.Count;
        j["created"] = Iso(e.Created);
        if (e.IpAddress is not null) j["ipAddress"] = e.IpAddress;
        if (e.LastUsed is { } lu) j["lastUsed"] = Iso(lu);
        if (e.LastUsedAddress is not null) j["lastUsedAddress"] = e.LastUsedAddress;
        j["links"] = SelfLinks(c, $"/orgs/{k.OrgId}/apiKeys/{k.Id}/accessList/{Uri.EscapeDataString(e.IpAddress ?? e.CidrBlock)}");
        return j;
    }

    private static JsonObject SaAccessJson(AccessEntry e)
    {
        var j = new JsonObject { ["cidrBlock"] = e.CidrBlock, ["createdAt"] = Iso(e.Created) };
        if (e.IpAddress is not null) j["ipAddress"] = e.IpAddress;
        if (e.LastUsedAddress is not null) j["lastUsedAddress"] = e.LastUsedAddress;
        if (e.LastUsed is { } lu) j["lastUsedAt"] = Iso(lu);
        j["requestCount"] = e.Count;
        return j;
    }

    /// <summary>Parses an access-list POST body: array (max 200) of {ipAddress} | {cidrBlock}.</summary>
    private static List<AccessEntry> ParseAccessBody(Call c)
    {
        var arr = BodyArray(c);
        if (arr.Count == 0) throw Invalid("body", "must contain at least one entry");
        if (arr.Count > 200) throw Invalid("body", "must contain at most 200 entries");
        var list = new List<AccessEntry>();
        for (var i = 0; i < arr.Count; i++)
        {
            var o = arr[i] as JsonObject ?? throw Invalid($"[{i}]", "must be an object");
            var ip = Str(o, "ipAddress");
            var cidr = Str(o, "cidrBlock");
            if ((ip is null) == (cidr is null)) throw Invalid($"[{i}]", "exactly one of ipAddress or cidrBlock is required");
            AccessEntry? e;
            if (ip is not null)
            {
                e = Net.ParseAddress(ip) is null ? null : Net.ParseEntry(ip);
                if (e is null) throw Invalid($"[{i}].ipAddress", $"'{ip}' is not a valid IP address");
            }
            else
            {
                e = Net.ParseCidr(cidr!) is null ? null : Net.ParseEntry(cidr!);
                if (e is null) throw Invalid($"[{i}].cidrBlock", $"'{cidr}' is not a valid CIDR block");
            }
            list.Add(e);
        }
        return list;
    }

    private static void Merge(List<AccessEntry> target, List<AccessEntry> added)
    {
        foreach (var e in added)
            if (!target.Any(x => x.CidrBlock == e.CidrBlock)) target.Add(e);
    }

    private static AccessEntry FindEntry(List<AccessEntry> list, string pathValue)
    {
        var canonical = Net.Canonical(pathValue)
            ?? throw new ApiException(400, "INVALID_IP_ADDRESS_OR_CIDR_NOTATION", $"'{pathValue}' is not a valid IP address or CIDR block.", null, pathValue);
        return list.FirstOrDefault(e => e.CidrBlock == canonical)
            ?? throw NotFound("ACCESS_LIST_ENTRY_NOT_FOUND", $"No access list entry {pathValue} exists.", pathValue);
    }

    private static void RefuseCallerRemoval(Call c, List<AccessEntry> list, AccessEntry entry)
    {
        if (!ReferenceEquals(list, c.Who.AccessList)) return;
        if (!entry.Contains(c.Remote)) return;
        if (list.Any(e => !ReferenceEquals(e, entry) && e.Contains(c.Remote))) return;
        throw new ApiException(400, "CANNOT_REMOVE_CALLER_IP_FROM_ACCESS_LIST",
            $"Cannot remove {entry.IpAddress ?? entry.CidrBlock}: it is the address ({c.Remote}) this request comes from.", null, c.Remote.ToString());
    }

    private ApiResult ListKeyAccess(Call c)
    {
        var k = KeyIn(c, Org(c, Need.OrgMember));
        return Page(c, k.AccessList.ProjectLazily((e) => (JsonNode)KeyAccessJson(c, k, e)).ToList());
    }

    private ApiResult CreateKeyAccess(Call c)
    {
        var k = KeyIn(c, Org(c, Need.OrgOwner));
        Merge(k.AccessList, ParseAccessBody(c));
        return Page(c, k.AccessList.ProjectLazily((e) => (JsonNode)KeyAccessJson(c, k, e)).ToList());
    }

    private ApiResult GetKeyAccess(Call c)
    {
        var k = KeyIn(c, Org(c, Need.OrgMember));
        return Ok(c, KeyAccessJson(c, k, FindEntry(k.AccessList, c.P("ipAddress"))));
    }

    private ApiResult DeleteKeyAccess(Call c)
    {
        var k = KeyIn(c, Org(c, Need.OrgOwner));
        var e = FindEntry(k.AccessList, c.P("ipAddress"));
        RefuseCallerRemoval(c, k.AccessList, e);
        k.AccessList.Remove(e);
        return ApiResult.NoContent();
    }

    private static ApiResult ListSaAccess(Call c, ServiceAccountEntity sa) => Page(c, sa.AccessList.ProjectLazily((e) => (JsonNode)SaAccessJson(e)).ToList());

    private static ApiResult CreateSaAccess(Call c, ServiceAccountEntity sa)
    {
        Merge(sa.AccessList, ParseAccessBody(c));
        return Page(c, sa.AccessList.ProjectLazily((e) => (JsonNode)SaAccessJson(e)).ToList());
    }

    private static ApiResult DeleteSaAccess(Call c, ServiceAccountEntity sa)
    {
        var e = FindEntry(sa.AccessList, c.P("ipAddress"));
        RefuseCallerRemoval(c, sa.AccessList, e);
        sa.AccessList.Remove(e);
        return ApiResult.NoContent();
    }

    // ------------------------------------------------------------------ project API keys

    private ApiResult ListGroupApiKeys(Call c)
    {
        var p = Project(c, Need.ProjectRead);
        return Page(c, S.Keys.Values.Where(k => k.ProjectRoles.ContainsKey(p.Id)).OrderBy(k => k.Desc, StringComparer.Ordinal).ThenBy(k => k.Id, StringComparer.Ordinal)
            .ToList(), (w, k) => WriteKey(w, c, k, false));
    }

    private ApiResult CreateGroupApiKey(Call c)
    {
        var p = Project(c, Need.ProjectAccessManager);
        var b = BodyObject(c);
        var desc = ValidDesc(Str(b, "desc"), "desc");
        var roles = ValidProjectRoles(StrList(b, "roles"), "roles", required: true)!;
        var k = S.AddApiKey(p.OrgId, desc, Array.Empty<string>());
        k.ProjectRoles[p.Id] = roles;
        return Ok(c, KeyJson(c, k, revealPrivate: true));
    }

    private ApiKeyEntity KeyForProject(Call c, ProjectEntity p, bool mustBeAssigned)
    {
        var id = c.P("apiUserId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_API_KEY_ID", $"An invalid API key ID {id} was specified.", null, id);
        if (!S.Keys.TryGetValue(id, out var k) || k.OrgId != p.OrgId) throw NotFound("API_KEY_NOT_FOUND", $"No API key with ID {id} exists.", id);
        if (mustBeAssigned && !k.ProjectRoles.ContainsKey(p.Id)) throw NotFound("API_KEY_NOT_IN_GROUP", $"API key {id} is not assigned to group {p.Id}.", id, p.Id);
        return k;
    }

    private ApiResult AddGroupApiKey(Call c)
    {
        var p = Project(c, Need.ProjectOwner);
        var k = KeyForProject(c, p, mustBeAssigned: false);
        var arr = BodyArray(c);
        var roles = new List<string>();
        for (var i = 0; i < arr.Count; i++)
        {
            var o = arr[i] as JsonObject ?? throw Invalid($"[{i}]", "must be an object");
            roles.AddRange(ValidProjectRoles(StrList(o, "roles"), $"[{i}].roles", required: true)!);
        }
        if (roles.Count == 0) throw Invalid("roles", "must contain at least one role");
        k.ProjectRoles[p.Id] = roles.Distinct().ToList();   // re-adding replaces the roles (no 409 declared by the spec)
        return ApiResult.NoContent();
    }

    private ApiResult UpdateGroupApiKeyRoles(Call c)
    {
        var p = Project(c, Need.ProjectAccessManager);
        var k = KeyForProject(c, p, mustBeAssigned: true);
        var b = BodyObject(c);
        var roles = ValidProjectRoles(StrList(b, "roles"), "roles", required: true)!;
        var desc = b.ContainsKey("desc") ? ValidDesc(Str(b, "desc"), "desc") : null;
        k.ProjectRoles[p.Id] = roles;
        if (desc is not null) k.Desc = desc;
        return Ok(c, KeyJson(c, k, false));
    }

    private ApiResult RemoveGroupApiKey(Call c)
    {
        var p = Project(c, Need.ProjectAccessManager);
        var k = KeyForProject(c, p, mustBeAssigned: true);
        k.ProjectRoles.Remove(p.Id);
        return ApiResult.NoContent();
    }

    // ------------------------------------------------------------------ service accounts

    private static JsonObject SecretJson(SecretEntity s, bool reveal)
    {
        var j = new JsonObject { ["createdAt"] = Iso(s.CreatedAt), ["expiresAt"] = Iso(s.ExpiresAt), ["id"] = s.Id };
        j["lastUsedAt"] = s.LastUsedAt is { } lu ? Iso(lu) : null;
        j["maskedSecretValue"] = Ids.MaskSecret(s.Value);
        if (reveal) j["secret"] = s.Value;
        return j;
    }

    private static JsonArray SecretsJson(ServiceAccountEntity sa, SecretEntity? reveal) =>
        new(sa.Secrets.ProjectLazily((s) => (JsonNode)SecretJson(s, ReferenceEquals(s, reveal))).ToArray());

    private static JsonObject OrgSaJson(ServiceAccountEntity sa, SecretEntity? reveal = null) => new()
    {
        ["clientId"] = sa.ClientId,
        ["createdAt"] = Iso(sa.CreatedAt),
        ["description"] = sa.Description,
        ["name"] = sa.Name,
        ["roles"] = Arr(sa.OrgRoles),
        ["secrets"] = SecretsJson(sa, reveal),
    };

    private static JsonObject GroupSaJson(Call c, ServiceAccountEntity sa, string groupId, SecretEntity? reveal = null) => new()
    {
        ["clientId"] = sa.ClientId,
        ["createdAt"] = Iso(sa.CreatedAt),
        ["description"] = sa.Description,
        ["name"] = sa.Name,
        ["roles"] = Arr(sa.ProjectRoles.TryGetValue(groupId, out var r) ? r : new List<string>()),
        ["secrets"] = SecretsJson(sa, reveal),
    };

    private sealed record SaSpec(string Name, string Description, List<string> Roles, int Hours);

    private static SaSpec ValidSaCreate(JsonObject b, string prefix, bool orgRoles, int maxHours)
    {
        var name = ValidSaText(Str(b, "name"), prefix + "name", 64, required: true)!;
        var description = ValidSaText(Str(b, "description"), prefix + "description", 250, required: true)!;
        var roles = orgRoles ? ValidOrgRoles(StrList(b, "roles"), prefix + "roles", true)! : ValidProjectRoles(StrList(b, "roles"), prefix + "roles", true)!;
        var hours = ValidHours(IntField(b, "secretExpiresAfterHours"), prefix + "secretExpiresAfterHours", maxHours);
        return new SaSpec(name, description, roles, hours);
    }

    private static string? ValidSaText(string? s, string field, int max, bool required)
    {
        if (s is null)
        {
            if (required) throw Invalid(field, "is required");
            return null;
        }
        if (s.Length < 1 || s.Length > max) throw Invalid(field, $"must be 1 to {max} characters");
        if (!SaTextPattern().IsMatch(s)) throw Invalid(field, "may contain only letters, digits, spaces and -_.,'");
        return s;
    }

    private static int ValidHours(int? hours, string field, int maxHours)
    {
        if (hours is null) throw Invalid(field, "is required");
        if (hours <= 0) throw Invalid(field, "must be greater than 0");
        if (hours > maxHours) throw Invalid(field, $"must not exceed the organization's maxServiceAccountSecretValidityInHours ({maxHours})");
        return hours.Value;
    }

    private ServiceAccountEntity SaById(string clientId, string orgId)
    {
        if (!ClientIdPattern().IsMatch(clientId)) throw new ApiException(400, "INVALID_SERVICE_ACCOUNT_CLIENT_ID", $"An invalid client ID {clientId} was specified.", null, clientId);
        if (!S.Sas.TryGetValue(clientId, out var sa) || sa.OrgId != orgId)
            throw NotFound("SERVICE_ACCOUNT_NOT_FOUND", $"No service account with client ID {clientId} exists.", clientId);
        return sa;
    }

    private ServiceAccountEntity OrgSaFor(Call c, bool write)
    {
        var org = Org(c, write ? Need.OrgOwner : Need.OrgMember);
        return SaById(c.P("clientId"), org.Id);
    }

    private ServiceAccountEntity GroupSaFor(Call c, Need need)
    {
        var p = Project(c, need);
        var sa = SaById(c.P("clientId"), p.OrgId);
        if (!sa.ProjectRoles.ContainsKey(p.Id))
            throw NotFound("SERVICE_ACCOUNT_NOT_IN_GROUP", $"Service account {sa.ClientId} is not assigned to group {p.Id}.", sa.ClientId, p.Id);
        return sa;
    }

    private ApiResult ListOrgSas(Call c)
    {
        var org = Org(c, Need.OrgMember);
        return Page(c, S.Sas.Values.Where(s => s.OrgId == org.Id).OrderBy(s => s.CreatedAt).ThenBy(s => s.ClientId, StringComparer.Ordinal)
            .ProjectLazily((s) => (JsonNode)OrgSaJson(s)).ToList(), honourIncludeCount: false);
    }

    private ApiResult CreateOrgSa(Call c)
    {
        var org = Org(c, Need.OrgOwner);
        var spec = ValidSaCreate(BodyObject(c), "", orgRoles: true, org.MaxSecretHours);
        var sa = S.AddServiceAccount(org.Id, spec.Name, spec.Description, spec.Roles);
        var secret = EmulatorState.AddSecret(sa, TimeSpan.FromHours(spec.Hours), null);
        return Ok(c, OrgSaJson(sa, secret), 201);
    }

    private ApiResult GetOrgSa(Call c) => Ok(c, OrgSaJson(OrgSaFor(c, write: false)));

    private ApiResult UpdateOrgSa(Call c)
    {
        var sa = OrgSaFor(c, write: true);
        var b = BodyObject(c);
        var name = ValidSaText(Str(b, "name"), "name", 64, false);
        var description = ValidSaText(Str(b, "description"), "description", 250, false);
        var roles = ValidOrgRoles(StrList(b, "roles"), "roles", false);
        if (name is not null) sa.Name = name;
        if (description is not null) sa.Description = description;
        if (roles is not null) sa.OrgRoles = roles;
        return Ok(c, OrgSaJson(sa));
    }

    private ApiResult DeleteOrgSa(Call c)
    {
        var sa = OrgSaFor(c, write: true);
        S.Sas.Remove(sa.ClientId);
        return ApiResult.NoContent();
    }

    private ApiResult GetOrgSaGroups(Call c)
    {
        var sa = OrgSaFor(c, write: false);
        return Page(c, sa.ProjectRoles.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ProjectLazily((kv) => (JsonNode)new JsonObject { ["groupId"] = kv.Key, ["roles"] = Arr(kv.Value) }).ToList(), honourIncludeCount: false);
    }

    private ApiResult CreateSecret(Call c, ServiceAccountEntity sa)
    {
        var b = BodyObject(c);
        var hours = ValidHours(IntField(b, "secretExpiresAfterHours"), "secretExpiresAfterHours", S.Orgs[sa.OrgId].MaxSecretHours);
        return Ok(c, SecretJson(EmulatorState.AddSecret(sa, TimeSpan.FromHours(hours), null), reveal: true), 201);
    }

    private static ApiResult DeleteSecret(Call c, ServiceAccountEntity sa)
    {
        var id = c.P("secretId");
        var s = sa.Secrets.FirstOrDefault(x => x.Id == id)
            ?? throw NotFound("SERVICE_ACCOUNT_SECRET_NOT_FOUND", $"No secret with ID {id} exists for service account {sa.ClientId}.", id);
        sa.Secrets.Remove(s);
        return ApiResult.NoContent();
    }

    private ApiResult ListGroupSas(Call c)
    {
        var p = Project(c, Need.ProjectRead);
        return Page(c, S.Sas.Values.Where(s => s.ProjectRoles.ContainsKey(p.Id)).OrderBy(s => s.CreatedAt).ThenBy(s => s.ClientId, StringComparer.Ordinal)
            .ProjectLazily((s) => (JsonNode)GroupSaJson(c, s, p.Id)).ToList(), honourIncludeCount: false);
    }

    private ApiResult CreateGroupSa(Call c)
    {
        var p = Project(c, Need.ProjectOwner);
        var spec = ValidSaCreate(BodyObject(c), "", orgRoles: false, S.Orgs[p.OrgId].MaxSecretHours);
        var sa = S.AddServiceAccount(p.OrgId, spec.Name, spec.Description, new[] { "ORG_MEMBER" });
        sa.ProjectRoles[p.Id] = spec.Roles;
        var secret = EmulatorState.AddSecret(sa, TimeSpan.FromHours(spec.Hours), null);
        return Ok(c, GroupSaJson(c, sa, p.Id, secret), 201);
    }

    private ApiResult UpdateGroupSa(Call c)
    {
        var sa = GroupSaFor(c, Need.ProjectOwner);
        var b = BodyObject(c);
        var name = ValidSaText(Str(b, "name"), "name", 64, false);
        var description = ValidSaText(Str(b, "description"), "description", 250, false);
        var roles = ValidProjectRoles(StrList(b, "roles"), "roles", false);
        if (name is not null) sa.Name = name;
        if (description is not null) sa.Description = description;
        if (roles is not null) sa.ProjectRoles[c.P("groupId")] = roles;
        return Ok(c, GroupSaJson(c, sa, c.P("groupId")));
    }

    private ApiResult DeleteGroupSa(Call c)
    {
        var sa = GroupSaFor(c, Need.ProjectOwner);
        sa.ProjectRoles.Remove(c.P("groupId"));   // stays in the organization
        return ApiResult.NoContent();
    }

    private ApiResult InviteGroupSa(Call c)
    {
        var p = Project(c, Need.OrgOwner);
        var sa = SaById(c.P("clientId"), p.OrgId);
        var roles = ValidProjectRoles(StrList(BodyObject(c), "roles"), "roles", required: true)!;
        sa.ProjectRoles[p.Id] = roles;   // re-inviting replaces the roles (no 409 declared by the spec)
        return Ok(c, GroupSaJson(c, sa, p.Id));
    }

    // ------------------------------------------------------------------ invoices

    private JsonObject InvoiceJson(Call c, InvoiceEntity i, bool full)
    {
        var j = new JsonObject
        {
            ["amountBilledCents"] = i.AmountBilledCents,
            ["amountPaidCents"] = i.AmountPaidCents,
            ["created"] = Iso(i.Created),
            ["creditsCents"] = i.CreditsCents,
            ["endDate"] = Iso(i.EndDate),
            ["id"] = i.Id,
        };
        if (full)
        {
            j["lineItems"] = new JsonArray(i.LineItems.Select(li =>
            {
                var o = new JsonObject
                {
                    ["created"] = Iso(i.Created), ["endDate"] = Iso(i.EndDate), ["quantity"] = li.Quantity, ["sku"] = li.Sku,
                    ["startDate"] = Iso(i.StartDate), ["totalPriceCents"] = li.TotalPriceCents, ["unit"] = li.Unit, ["unitPriceDollars"] = li.UnitPriceDollars,
                };
                if (li.CloudProvider is not null) o["cloudProvider"] = li.CloudProvider;
                if (li.ClusterName is not null) o["clusterName"] = li.ClusterName;
                if (li.GroupId is not null)
                {
                    o["groupId"] = li.GroupId;
                    if (S.ProjectsById.TryGetValue(li.GroupId, out var gp)) o["groupName"] = gp.Name;
                }
                return (JsonNode?)o;
            }).ToArray());
        }
        j["linkedInvoices"] = new JsonArray();
        j["links"] = SelfLinks(c, $"/orgs/{i.OrgId}/invoices/{i.Id}");
        j["orgId"] = i.OrgId;
        if (full)
        {
            j["payments"] = new JsonArray();
            j["refunds"] = new JsonArray();
        }
        j["salesTaxCents"] = i.SalesTaxCents;
        j["startDate"] = Iso(i.StartDate);
        j["startingBalanceCents"] = i.StartingBalanceCents;
        j["statusName"] = i.StatusName;
        j["subtotalCents"] = i.SubtotalCents;
        j["updated"] = Iso(i.Created);
        return j;
    }

    private static DateTimeOffset? DateParam(Call c, string name)
    {
        var s = c.Q(name);
        if (s is null) return null;
        if (!DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            throw new ApiException(400, "INVALID_PARAMETER", $"Invalid value '{s}' for {name}: expected yyyy-MM-dd.", null, name);
        return new DateTimeOffset(d, TimeSpan.Zero);
    }

    private ApiResult ListInvoices(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        var from = DateParam(c, "fromDate");
        var to = DateParam(c, "toDate");
        var statuses = c.Query.TryGetValue("statusNames", out var sn) ? sn.SelectMany(x => x.Split(',')).ToHashSet() : null;
        var sortBy = c.Q("sortBy") ?? "END_DATE";
        var orderBy = c.Q("orderBy") ?? "desc";
        if (sortBy is not ("END_DATE" or "START_DATE")) throw new ApiException(400, "INVALID_PARAMETER", $"Invalid sortBy '{sortBy}'.", null, "sortBy");
        if (orderBy is not ("asc" or "desc")) throw new ApiException(400, "INVALID_PARAMETER", $"Invalid orderBy '{orderBy}'.", null, "orderBy");
        var q = S.InvoicesById.Values.Where(i => i.OrgId == org.Id)
            .Where(i => from is null || i.StartDate >= from)
            .Where(i => to is null || i.EndDate <= to.Value.AddDays(1).AddTicks(-1))
            .Where(i => statuses is null || statuses.Contains(i.StatusName));
        Func<InvoiceEntity, DateTimeOffset> key = sortBy == "START_DATE" ? i => i.StartDate : i => i.EndDate;
        q = orderBy == "asc" ? q.OrderBy(key).ThenBy(i => i.Id, StringComparer.Ordinal) : q.OrderByDescending(key).ThenBy(i => i.Id, StringComparer.Ordinal);
        return Page(c, q.ProjectLazily((i) => (JsonNode)InvoiceJson(c, i, full: false)).ToList());
    }

    private ApiResult ListPendingInvoices(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        return Page(c, S.InvoicesById.Values.Where(i => i.OrgId == org.Id && i.StatusName == "PENDING").OrderByDescending(i => i.EndDate)
            .ProjectLazily((i) => (JsonNode)InvoiceJson(c, i, full: true)).ToList(), paged: false);
    }

    private ApiResult GetInvoice(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        var id = c.P("invoiceId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_INVOICE_ID", $"An invalid invoice ID {id} was specified.", null, id);
        if (!S.InvoicesById.TryGetValue(id, out var inv) || inv.OrgId != org.Id)
            throw NotFound("INVOICE_NOT_FOUND", $"No invoice with ID {id} exists in organization {org.Id}.", id);
        if (c.MediaType == V2023Csv)
        {
            var sb = new StringBuilder("SKU,Quantity,Unit,Unit Price,Amount\n");
            foreach (var li in inv.LineItems)
                sb.Append(CultureInfo.InvariantCulture, $"{li.Sku},{li.Quantity},{li.Unit},{li.UnitPriceDollars},{li.TotalPriceCents / 100.0:0.00}\n");
            return new ApiResult { Status = 200, ContentType = V2023Csv, Body = sb.ToString() };
        }
        return Ok(c, InvoiceJson(c, inv, full: true));
    }

    // ------------------------------------------------------------------ clusters

    private static JsonObject ClusterJson(Call c, ClusterEntity x)
    {
        var spec = new JsonObject { ["instanceSize"] = x.InstanceSize, ["nodeCount"] = x.NodeCount, ["diskSizeGB"] = x.DiskSizeGB };
        var region = new JsonObject
        {
            ["electableSpecs"] = spec, ["priority"] = 7, ["providerName"] = x.ProviderName, ["regionName"] = x.RegionName,
        };
        var j = new JsonObject
        {
            ["backupEnabled"] = x.BackupEnabled,
            ["clusterType"] = x.ClusterType,
            ["createDate"] = Iso(x.CreateDate),
            ["groupId"] = x.GroupId,
            ["id"] = x.Id,
            ["links"] = SelfLinks(c, $"/groups/{x.GroupId}/clusters/{Uri.EscapeDataString(x.Name)}"),
            ["mongoDBMajorVersion"] = x.MongoDBVersion.Split('.')[0] + "." + x.MongoDBVersion.Split('.')[1],
            ["mongoDBVersion"] = x.MongoDBVersion,
            ["name"] = x.Name,
            ["paused"] = x.Paused,
            ["stateName"] = x.StateName,
            ["tags"] = new JsonArray(),
            ["terminationProtectionEnabled"] = false,
        };
        if (c.MediaType == V2023)
        {
            j["providerSettings"] = new JsonObject { ["providerName"] = x.ProviderName, ["instanceSizeName"] = x.InstanceSize, ["regionName"] = x.RegionName };
            j["replicationFactor"] = x.NodeCount;
            j["diskSizeGB"] = x.DiskSizeGB;
            j["mongoDBMajorVersion"] = j["mongoDBMajorVersion"]!.GetValue<string>();
        }
        else
        {
            var rs = new JsonObject { ["regionConfigs"] = new JsonArray(region), ["zoneName"] = "Zone 1" };
            if (c.MediaType == V20230201) rs["numShards"] = 1;
            j["replicationSpecs"] = new JsonArray(rs);
        }
        return j;
    }

    private ApiResult ListClusters(Call c)
    {
        var p = Project(c, Need.ProjectRead);
        return Page(c, S.ClustersById.Values.Where(x => x.GroupId == p.Id).OrderBy(x => x.Name, StringComparer.Ordinal)
            .ProjectLazily((x) => (JsonNode)ClusterJson(c, x)).ToList());
    }
}
