using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
