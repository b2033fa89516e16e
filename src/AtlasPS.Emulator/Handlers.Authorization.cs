using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
