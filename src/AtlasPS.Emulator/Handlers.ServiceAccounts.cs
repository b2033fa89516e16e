using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
