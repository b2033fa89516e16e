using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
