using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorAuthorizationTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorAuthorizationTests(EmulatorFixture f) => _s = f.Server;

    private DigestClient KeyWith(params string[] orgRoles)
    {
        var (_, pub, priv) = _s.State.CreateApiKey("test " + string.Join("+", orgRoles), orgRoles);
        return new DigestClient(_s.BaseUri, pub, priv);
    }

    private string Org => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}";

    [Theory]
    [InlineData("ORG_READ_ONLY")]
    [InlineData("ORG_MEMBER")]
    public async Task Readers_can_read_keys_but_not_change_them(string role)
    {
        using var c = KeyWith(role);
        Assertions.Status(await c.Get(Org + "/apiKeys"), 200);
        Assertions.Status(await c.Get(Org + "/serviceAccounts", Media.V2024), 200);
        Assertions.AtlasError(await c.Post(Org + "/apiKeys", new { desc = "x", roles = new[] { "ORG_MEMBER" } }), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assertions.AtlasError(await c.Post(Org + "/serviceAccounts", new { name = "x", description = "x", roles = new[] { "ORG_MEMBER" }, secretExpiresAfterHours = 8 }, Media.V2024), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assertions.AtlasError(await c.Delete(Org + "/apiKeys/" + _s.Seed.OwnerApiKeyId), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assert.NotNull(_s.State.GetApiKey(_s.Seed.OwnerApiKeyId));
    }

    [Fact]
    public async Task Owner_can_create_update_and_delete_keys()
    {
        using var c = KeyWith("ORG_OWNER");
        var created = await c.Post(Org + "/apiKeys", new { desc = "made by owner", roles = new[] { "ORG_MEMBER" } });
        Assertions.Status(created, 200);
        var id = created.Json["id"]!.GetValue<string>();
        var updated = await c.Patch(Org + "/apiKeys/" + id, new { roles = new[] { "ORG_READ_ONLY", "ORG_BILLING_ADMIN" } });
        Assertions.Status(updated, 200);
        Assert.Equal(new[] { "ORG_READ_ONLY", "ORG_BILLING_ADMIN" }, _s.State.GetApiKey(id)!.OrgRoles);
        Assert.Equal("made by owner", _s.State.GetApiKey(id)!.Description);
        Assertions.Status(await c.Delete(Org + "/apiKeys/" + id), 204);
        Assert.Null(_s.State.GetApiKey(id));
    }

    [Fact]
    public async Task Billing_reads_need_a_billing_role_or_owner()
    {
        using var member = KeyWith("ORG_MEMBER");
        using var billing = KeyWith("ORG_BILLING_READ_ONLY");
        using var admin = KeyWith("ORG_BILLING_ADMIN");
        using var owner = KeyWith("ORG_OWNER");
        Assertions.AtlasError(await member.Get(Org + "/invoices"), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assertions.AtlasError(await member.Get(Org + "/invoices/pending"), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assertions.Status(await billing.Get(Org + "/invoices"), 200);
        Assertions.Status(await admin.Get(Org + "/invoices/pending"), 200);
        Assertions.Status(await owner.Get(Org + "/invoices"), 200);
    }

    [Fact]
    public async Task Project_reads_need_a_project_role_or_an_implying_org_role()
    {
        var p1 = _s.Seed.ProjectIds[0];
        var p2 = _s.Seed.ProjectIds[1];
        var (id, pub, priv) = _s.State.CreateApiKey("project reader", new[] { "ORG_MEMBER" });
        _s.State.AssignApiKeyToProject(id, p1, new[] { "GROUP_READ_ONLY" });
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.Status(await c.Get("/api/atlas/v2/groups/" + p1), 200);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/groups/" + p2), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        Assertions.AtlasError(await c.Get($"/api/atlas/v2/groups/{p2}/apiKeys"), 403, "USER_UNAUTHORIZED_FOR_ACTION");
        var list = await c.Get("/api/atlas/v2/groups");
        Assert.Equal(1, list.Json["totalCount"]!.GetValue<int>());
        // read-only cannot change the project's keys
        Assertions.AtlasError(await c.Post($"/api/atlas/v2/groups/{p1}/apiKeys", new { desc = "x", roles = new[] { "GROUP_READ_ONLY" } }), 403, "USER_UNAUTHORIZED_FOR_ACTION");

        using var orgReader = KeyWith("ORG_READ_ONLY");
        Assertions.Status(await orgReader.Get("/api/atlas/v2/groups/" + p2), 200);
        Assertions.Status(await orgReader.Get($"/api/atlas/v2/groups/{p2}/clusters", Media.V2024), 200);
    }

    [Fact]
    public async Task Project_owner_can_manage_project_keys_only_in_its_project()
    {
        var p1 = _s.Seed.ProjectIds[0];
        var p2 = _s.Seed.ProjectIds[1];
        var (id, pub, priv) = _s.State.CreateApiKey("project owner", Array.Empty<string>());
        _s.State.AssignApiKeyToProject(id, p1, new[] { "GROUP_OWNER" });
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.Status(await c.Post($"/api/atlas/v2/groups/{p1}/apiKeys", new { desc = "child", roles = new[] { "GROUP_READ_ONLY" } }), 200);
        Assertions.AtlasError(await c.Post($"/api/atlas/v2/groups/{p2}/apiKeys", new { desc = "child", roles = new[] { "GROUP_READ_ONLY" } }), 403, "USER_UNAUTHORIZED_FOR_ACTION");
    }

    [Fact]
    public async Task Other_organizations_are_forbidden()
    {
        var other = _s.State.CreateOrg("Other Org");
        using var c = KeyWith("ORG_OWNER");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs/" + other), 403, "USER_UNAUTHORIZED_FOR_ACTION");
    }
}

public sealed class EmulatorErrorAndValidationTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorErrorAndValidationTests(EmulatorFixture f) => _s = f.Server;

    private DigestClient Owner() => new(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);

    private string Org => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}";

    private static void Field(JsonObject err, string field)
    {
        var fields = err["badRequestDetail"]!["fields"]!.AsArray();
        Assert.Contains(fields, f => f!["field"]!.GetValue<string>() == field && f["description"]!.GetValue<string>().Length > 0);
    }

    [Fact]
    public async Task Not_found_uses_specific_codes()
    {
        using var c = Owner();
        Assertions.AtlasError(await c.Get(Org + "/apiKeys/aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "API_KEY_NOT_FOUND");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs/aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "ORG_NOT_FOUND");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/groups/aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "GROUP_NOT_FOUND");
        Assertions.AtlasError(await c.Get(Org + "/serviceAccounts/mdb_sa_id_aaaaaaaaaaaaaaaaaaaaaaaa", Media.V2024), 404, "SERVICE_ACCOUNT_NOT_FOUND");
        Assertions.AtlasError(await c.Get(Org + "/invoices/aaaaaaaaaaaaaaaaaaaaaaaa"), 404, "INVOICE_NOT_FOUND");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/nothing-here"), 404, "RESOURCE_NOT_FOUND");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs/not-hex"), 400, "INVALID_ORG_ID");
    }

    [Fact]
    public async Task Wrong_accept_version_is_406()
    {
        using var c = Owner();
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs", Media.V2024), 406, "INVALID_MEDIA_TYPE_VERSION");
        Assertions.AtlasError(await c.Get(Org + "/serviceAccounts", Media.V2023), 406, "INVALID_MEDIA_TYPE_VERSION");
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs", "application/json"), 406, "INVALID_MEDIA_TYPE_VERSION");
        var ok = await c.Get("/api/atlas/v2/orgs");
        Assert.Equal(Media.V2023, ok.ContentType);
        Assert.Equal(Media.V2024, (await c.Get(Org + "/serviceAccounts", Media.V2024)).ContentType);
    }

    [Fact]
    public async Task Body_with_wrong_content_type_is_415()
    {
        using var c = Owner();
        var r = await c.Send(HttpMethod.Post, Org + "/apiKeys", Media.V2023, "{\"desc\":\"x\",\"roles\":[\"ORG_MEMBER\"]}", "application/json");
        Assertions.AtlasError(r, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    [Fact]
    public async Task Invalid_api_key_bodies_are_400_with_field_details()
    {
        using var c = Owner();
        Field(Assertions.AtlasError(await c.Post(Org + "/apiKeys", new { desc = "x", roles = new[] { "ORG_SUPERUSER" } }), 400, "VALIDATION_ERROR"), "roles");
        Field(Assertions.AtlasError(await c.Post(Org + "/apiKeys", new { desc = "", roles = new[] { "ORG_MEMBER" } }), 400, "VALIDATION_ERROR"), "desc");
        Field(Assertions.AtlasError(await c.Post(Org + "/apiKeys", new { desc = new string('d', 251), roles = new[] { "ORG_MEMBER" } }), 400, "VALIDATION_ERROR"), "desc");
        Field(Assertions.AtlasError(await c.Post(Org + "/apiKeys", new { desc = "x", roles = Array.Empty<string>() }), 400, "VALIDATION_ERROR"), "roles");
        Assertions.AtlasError(await c.Post(Org + "/apiKeys", "{not json"), 400, "INVALID_JSON");
        Assert.Equal(new string('d', 250), (await c.Post(Org + "/apiKeys", new { desc = new string('d', 250), roles = new[] { "ORG_MEMBER" } })).Json["desc"]!.GetValue<string>());
    }

    [Fact]
    public async Task Invalid_access_list_entries_are_400()
    {
        using var c = Owner();
        var (id, _, _) = _s.State.CreateApiKey("acl validation", new[] { "ORG_MEMBER" });
        var path = $"{Org}/apiKeys/{id}/accessList";
        Field(Assertions.AtlasError(await c.Post(path, new[] { new { ipAddress = "300.1.1.1" } }), 400, "VALIDATION_ERROR"), "[0].ipAddress");
        Field(Assertions.AtlasError(await c.Post(path, new[] { new { cidrBlock = "10.0.0.0/33" } }), 400, "VALIDATION_ERROR"), "[0].cidrBlock");
        Field(Assertions.AtlasError(await c.Post(path, new[] { new { ipAddress = "10.0.0.1", cidrBlock = "10.0.0.0/8" } }), 400, "VALIDATION_ERROR"), "[0]");
        Assert.Empty(_s.State.ApiKeyAccessList(id));
    }

    [Fact]
    public async Task Secret_lifetime_must_be_positive_and_within_org_policy()
    {
        using var c = Owner();
        var body = (int h) => new { name = "sa", description = "d", roles = new[] { "ORG_MEMBER" }, secretExpiresAfterHours = h };
        Field(Assertions.AtlasError(await c.Post(Org + "/serviceAccounts", body(0), Media.V2024), 400, "VALIDATION_ERROR"), "secretExpiresAfterHours");
        Field(Assertions.AtlasError(await c.Post(Org + "/serviceAccounts", body(8761), Media.V2024), 400, "VALIDATION_ERROR"), "secretExpiresAfterHours");
        Assertions.Status(await c.Post(Org + "/serviceAccounts", body(8760), Media.V2024), 201);
        Assertions.Status(await c.Patch(Org + "/settings", new { maxServiceAccountSecretValidityInHours = 24 }), 200);
        try
        {
            Field(Assertions.AtlasError(await c.Post(Org + "/serviceAccounts", body(25), Media.V2024), 400, "VALIDATION_ERROR"), "secretExpiresAfterHours");
            var sa = _s.Seed.ServiceAccountClientId;
            Field(Assertions.AtlasError(await c.Post($"{Org}/serviceAccounts/{sa}/secrets", new { secretExpiresAfterHours = 25 }, Media.V2024), 400, "VALIDATION_ERROR"), "secretExpiresAfterHours");
            Assertions.Status(await c.Post(Org + "/serviceAccounts", body(24), Media.V2024), 201);
        }
        finally
        {
            _s.State.ConfigureOrg(maxServiceAccountSecretValidityInHours: 8760);
        }
    }

    [Fact]
    public async Task Project_roles_must_look_like_project_roles()
    {
        using var c = Owner();
        var p = _s.Seed.ProjectIds[0];
        var (id, _, _) = _s.State.CreateApiKey("role check", new[] { "ORG_MEMBER" });
        Field(Assertions.AtlasError(await c.Post($"/api/atlas/v2/groups/{p}/apiKeys/{id}", new[] { new { roles = new[] { "ORG_OWNER" } } }), 400, "VALIDATION_ERROR"), "[0].roles");
    }

    [Fact]
    public async Task Delete_org_with_projects_is_409()
    {
        using var c = Owner();
        Assertions.AtlasError(await c.Delete(Org), 409, "CANNOT_DELETE_ORG_ACTIVE_PROJECTS");
    }

    [Fact]
    public async Task Wrong_method_is_405()
    {
        using var c = Owner();
        Assertions.AtlasError(await c.Delete("/api/atlas/v2/orgs"), 405, "METHOD_NOT_ALLOWED");
    }
}
