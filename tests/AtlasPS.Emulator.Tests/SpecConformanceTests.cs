using System.Globalization;
using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

/// <summary>
/// Checks the emulator's answers against the official OpenAPI document (../shared/atlas/atlas-admin-api.json):
/// success status, media type, required fields, no undeclared fields, JSON types, enums and date-times.
/// </summary>
public sealed class EmulatorSpecConformanceTests : IAsyncLifetime
{
    private EmulatorServer _s = null!;
    private static readonly Lazy<JsonObject> Spec = new(() => (JsonNode.Parse(File.ReadAllText(SpecPath()))!).AsObject());

    private static string SpecPath() => AtlasPS.Core.Tests.Contract.AtlasSpec.Require();

    public async Task InitializeAsync() => _s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 2 });

    public async Task DisposeAsync() => await _s.DisposeAsync();

    private static JsonObject Resolve(JsonObject schema)
    {
        while (schema["$ref"] is JsonValue r)
        {
            var path = r.GetValue<string>().TrimStart('#', '/').Split('/');
            JsonNode node = Spec.Value;
            foreach (var p in path) node = node[p]!;
            schema = node.AsObject();
        }
        return schema;
    }

    private static void Validate(JsonNode? node, JsonObject schema, string where, List<string> errors)
    {
        schema = Resolve(schema);
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true) errors.Add($"{where}: null but not nullable");
            return;
        }
        if (schema["oneOf"] is not null || schema["anyOf"] is not null) return;   // polymorphic: not checked here
        var props = new Dictionary<string, JsonObject>();
        var required = new HashSet<string>();
        var schemas = schema["allOf"] is JsonArray all ? all.Select(x => Resolve(x!.AsObject())).Append(schema) : new[] { schema };
        string? type = null;
        foreach (var s in schemas)
        {
            type ??= s["type"]?.GetValue<string>();
            if (s["properties"] is JsonObject ps) foreach (var kv in ps) props[kv.Key] = kv.Value!.AsObject();
            if (s["required"] is JsonArray req) foreach (var r in req) required.Add(r!.GetValue<string>());
        }
        if (type is null && props.Count > 0) type = "object";
        switch (type)
        {
            case "object":
                if (node is not JsonObject o) { errors.Add($"{where}: expected object"); return; }
                foreach (var r in required) if (!o.ContainsKey(r)) errors.Add($"{where}: missing required '{r}'");
                foreach (var kv in o)
                {
                    if (props.TryGetValue(kv.Key, out var ps)) Validate(kv.Value, ps, $"{where}.{kv.Key}", errors);
                    else if (schema["additionalProperties"] is null && props.Count > 0) errors.Add($"{where}: undeclared field '{kv.Key}'");
                }
                break;
            case "array":
                if (node is not JsonArray a) { errors.Add($"{where}: expected array"); return; }
                if (schema["items"] is JsonObject items) for (var i = 0; i < a.Count; i++) Validate(a[i], items, $"{where}[{i}]", errors);
                break;
            case "string":
                if (node is not JsonValue sv || !sv.TryGetValue<string>(out var str)) { errors.Add($"{where}: expected string"); return; }
                if (schema["enum"] is JsonArray en && !en.Any(e => e?.GetValue<string>() == str)) errors.Add($"{where}: '{str}' not in enum");
                if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(str, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    errors.Add($"{where}: '{str}' is not a date-time");
                break;
            case "integer":
                if (node is not JsonValue iv || !iv.TryGetValue<long>(out _)) errors.Add($"{where}: expected integer");
                break;
            case "number":
                if (node is not JsonValue nv || !nv.TryGetValue<double>(out _)) errors.Add($"{where}: expected number");
                break;
            case "boolean":
                if (node is not JsonValue bv || !bv.TryGetValue<bool>(out _)) errors.Add($"{where}: expected boolean");
                break;
        }
    }

    private async Task Check(DigestClient c, string method, string specPath, string actualPath, string media, object? body = null, List<string>? errors = null)
    {
        var op = Spec.Value["paths"]![specPath]![method.ToLowerInvariant()]!.AsObject();
        var success = op["responses"]!.AsObject().Select(kv => kv.Key).Single(k => k.StartsWith('2'));
        var reply = body is null
            ? await c.Send(new HttpMethod(method), actualPath, media)
            : await c.Send(new HttpMethod(method), actualPath, media, body as string ?? System.Text.Json.JsonSerializer.Serialize(body), media);
        var where = $"{method} {specPath}";
        if (reply.Code.ToString(CultureInfo.InvariantCulture) != success) { errors!.Add($"{where}: status {reply.Code}, spec says {success}: {reply.Body}"); return; }
        if (success == "204") { if (reply.Body.Length != 0) errors!.Add($"{where}: 204 with a body"); return; }
        var content = op["responses"]![success]!["content"]!.AsObject();
        if (!content.ContainsKey(media)) { errors!.Add($"{where}: spec declares no {media}"); return; }
        if (reply.ContentType != media) errors!.Add($"{where}: Content-Type {reply.ContentType}");
        Validate(reply.Json, content[media]!["schema"]!.AsObject(), where, errors!);
    }

    [SkippableFact]
    public void Validator_detects_violations()
    {
        SpecPath();
        var errors = new List<string>();
        var group = new JsonObject { ["id"] = "aaaaaaaaaaaaaaaaaaaaaaaa", ["name"] = "x", ["orgId"] = "bbbbbbbbbbbbbbbbbbbbbbbb", ["bogus"] = 1, ["created"] = "not a date" };
        Validate(group, new JsonObject { ["$ref"] = "#/components/schemas/Group" }, "Group", errors);
        Assert.Contains(errors, e => e.Contains("missing required 'clusterCount'"));
        Assert.Contains(errors, e => e.Contains("undeclared field 'bogus'"));
        Assert.Contains(errors, e => e.Contains("not a date-time"));
        errors.Clear();
        Validate(new JsonObject { ["roles"] = new JsonArray("ORG_NOPE") }, new JsonObject { ["$ref"] = "#/components/schemas/OrgServiceAccount" }, "SA", errors);
        Assert.Contains(errors, e => e.Contains("not in enum"));
    }

    [SkippableFact]
    public async Task Responses_match_the_official_spec()
    {
        SpecPath();
        var org = _s.Seed.OrgId;
        var g = _s.Seed.ProjectIds[0];
        _s.State.AddCluster(g, "Cluster0");
        var inv = _s.State.AddInvoice(DateTimeOffset.UtcNow.AddMonths(-1), DateTimeOffset.UtcNow, "PENDING", 1234,
            lineItems: new[] { new InvoiceLineItemSeed("ATLAS_AWS_INSTANCE_M10", 1234, 10, "HOURS", 1.234, g, "Cluster0") });
        var (keyId, _, _) = _s.State.CreateApiKey("spec key", new[] { "ORG_MEMBER" });
        _s.State.AddApiKeyAccessListEntry(keyId, "10.0.0.0/24");
        var (sa, _) = _s.State.CreateServiceAccount("spec sa", new[] { "ORG_MEMBER" });
        _s.State.AddServiceAccountAccessListEntry(sa, "127.0.0.1");
        _s.State.AssignServiceAccountToProject(sa, g, new[] { "GROUP_READ_ONLY" });
        var secretId = _s.State.GetServiceAccount(sa)!.Secrets[0].Id;

        using var c = new DigestClient(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);
        var errors = new List<string>();
        const string v23 = Media.V2023, v24 = Media.V2024;
        await Check(c, "GET", "/api/atlas/v2/orgs", "/api/atlas/v2/orgs", v23, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs", "/api/atlas/v2/orgs", v23, new { name = "Spec-Org", apiKey = new { desc = "d", roles = new[] { "ORG_OWNER" } } }, errors);
        await Check(c, "POST", "/api/atlas/v2/orgs", "/api/atlas/v2/orgs", v23, new { name = "Spec-Org-2", serviceAccount = new { name = "n", description = "d", roles = new[] { "ORG_OWNER" }, secretExpiresAfterHours = 8 } }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}", $"/api/atlas/v2/orgs/{org}", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/settings", $"/api/atlas/v2/orgs/{org}/settings", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/groups", $"/api/atlas/v2/orgs/{org}/groups", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups", "/api/atlas/v2/groups", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}", $"/api/atlas/v2/groups/{g}", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/apiKeys", $"/api/atlas/v2/orgs/{org}/apiKeys", v23, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs/{orgId}/apiKeys", $"/api/atlas/v2/orgs/{org}/apiKeys", v23, new { desc = "d", roles = new[] { "ORG_MEMBER" } }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}", v23, errors: errors);
        await Check(c, "PATCH", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}", v23, new { desc = "d2" }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}/accessList", v23, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}/accessList", v23, new[] { new { ipAddress = "192.0.2.1" } }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}/accessList/10.0.0.0%2F24", v23, errors: errors);
        await Check(c, "DELETE", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}/accessList/{ipAddress}", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}/accessList/192.0.2.1", v23, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}", $"/api/atlas/v2/groups/{g}/apiKeys/{keyId}", v23, new[] { new { roles = new[] { "GROUP_READ_ONLY" } } }, errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/apiKeys", $"/api/atlas/v2/groups/{g}/apiKeys", v23, errors: errors);
        await Check(c, "PATCH", "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}", $"/api/atlas/v2/groups/{g}/apiKeys/{keyId}", v23, new { roles = new[] { "GROUP_OWNER" } }, errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/apiKeys", $"/api/atlas/v2/groups/{g}/apiKeys", v23, new { desc = "d", roles = new[] { "GROUP_READ_ONLY" } }, errors);
        await Check(c, "DELETE", "/api/atlas/v2/groups/{groupId}/apiKeys/{apiUserId}", $"/api/atlas/v2/groups/{g}/apiKeys/{keyId}", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/serviceAccounts", $"/api/atlas/v2/orgs/{org}/serviceAccounts", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs/{orgId}/serviceAccounts", $"/api/atlas/v2/orgs/{org}/serviceAccounts", v24, new { name = "n", description = "d", roles = new[] { "ORG_MEMBER" }, secretExpiresAfterHours = 8 }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}", v24, errors: errors);
        await Check(c, "PATCH", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}", v24, new { description = "new" }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/groups", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/groups", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/secrets", v24, new { secretExpiresAfterHours = 8 }, errors);
        await Check(c, "DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/secrets/{secretId}", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/secrets/{secretId}", v24, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/accessList", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/accessList", v24, new[] { new { cidrBlock = "192.0.2.0/24" } }, errors);
        await Check(c, "DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}/accessList/{ipAddress}", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}/accessList/192.0.2.0%2F24", v24, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/serviceAccounts", $"/api/atlas/v2/groups/{g}/serviceAccounts", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/serviceAccounts", $"/api/atlas/v2/groups/{g}/serviceAccounts", v24, new { name = "n", description = "d", roles = new[] { "GROUP_READ_ONLY" }, secretExpiresAfterHours = 8 }, errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}", v24, errors: errors);
        await Check(c, "PATCH", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}", v24, new { roles = new[] { "GROUP_OWNER" } }, errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/accessList", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}/accessList", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/accessList", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}/accessList", v24, new[] { new { ipAddress = "192.0.2.9" } }, errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}/secrets", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}/secrets", v24, new { secretExpiresAfterHours = 8 }, errors);
        await Check(c, "DELETE", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}", v24, errors: errors);
        await Check(c, "POST", "/api/atlas/v2/groups/{groupId}/serviceAccounts/{clientId}:invite", $"/api/atlas/v2/groups/{g}/serviceAccounts/{sa}:invite", v24, new { roles = new[] { "GROUP_READ_ONLY" } }, errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/invoices", $"/api/atlas/v2/orgs/{org}/invoices", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/invoices/pending", $"/api/atlas/v2/orgs/{org}/invoices/pending", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/orgs/{orgId}/invoices/{invoiceId}", $"/api/atlas/v2/orgs/{org}/invoices/{inv}", v23, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/clusters", $"/api/atlas/v2/groups/{g}/clusters", v24, errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/clusters", $"/api/atlas/v2/groups/{g}/clusters", "application/vnd.atlas.2023-02-01+json", errors: errors);
        await Check(c, "GET", "/api/atlas/v2/groups/{groupId}/clusters", $"/api/atlas/v2/groups/{g}/clusters", v23, errors: errors);
        await Check(c, "DELETE", "/api/atlas/v2/orgs/{orgId}/serviceAccounts/{clientId}", $"/api/atlas/v2/orgs/{org}/serviceAccounts/{sa}", v24, errors: errors);
        await Check(c, "DELETE", "/api/atlas/v2/orgs/{orgId}/apiKeys/{apiUserId}", $"/api/atlas/v2/orgs/{org}/apiKeys/{keyId}", v23, errors: errors);
        await Check(c, "PATCH", "/api/atlas/v2/orgs/{orgId}", $"/api/atlas/v2/orgs/{org}", v23, new { name = "Renamed" }, errors);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}
