using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
}
