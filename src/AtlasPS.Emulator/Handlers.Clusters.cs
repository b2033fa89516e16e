using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
