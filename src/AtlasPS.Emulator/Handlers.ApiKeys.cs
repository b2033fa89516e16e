using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
