using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
