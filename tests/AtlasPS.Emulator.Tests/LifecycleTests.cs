using System.Text.Json.Nodes;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorLifecycleTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorLifecycleTests(EmulatorFixture f) => _s = f.Server;

    private DigestClient Owner() => new(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);

    private string Org => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}";

    [Fact]
    public async Task Api_key_private_key_is_shown_once_and_works()
    {
        using var c = Owner();
        var created = await c.Post(Org + "/apiKeys", new { desc = "one time", roles = new[] { "ORG_READ_ONLY" } });
        Assertions.Status(created, 200);
        var priv = created.Json["privateKey"]!.GetValue<string>();
        var pub = created.Json["publicKey"]!.GetValue<string>();
        var id = created.Json["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", priv);
        Assert.Matches("^[a-z]{8}$", pub);
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Equal(_s.Seed.OrgId, created.Json["roles"]![0]!["orgId"]!.GetValue<string>());
        var got = await c.Get($"{Org}/apiKeys/{id}");
        Assert.Equal("********-****-****-" + priv[^12..], got.Json["privateKey"]!.GetValue<string>());
        Assert.DoesNotContain(priv, (await c.Get(Org + "/apiKeys")).Body);
        using var k = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.Status(await k.Get(Org), 200);
    }

    [Fact]
    public async Task Service_account_secret_is_shown_once_then_masked()
    {
        using var c = Owner();
        var created = await c.Post(Org + "/serviceAccounts", new { name = "CI bot", description = "deploys", roles = new[] { "ORG_MEMBER" }, secretExpiresAfterHours = 8 }, Media.V2024);
        Assertions.Status(created, 201);
        var clientId = created.Json["clientId"]!.GetValue<string>();
        Assert.Matches("^mdb_sa_id_[0-9a-f]{24}$", clientId);
        var secret = created.Json["secrets"]![0]!;
        var value = secret["secret"]!.GetValue<string>();
        Assert.StartsWith("mdb_sa_sk_", value);
        var expires = DateTimeOffset.Parse(secret["expiresAt"]!.GetValue<string>());
        var createdAt = DateTimeOffset.Parse(secret["createdAt"]!.GetValue<string>());
        Assert.Equal(8, (expires - createdAt).TotalHours, 3);
        var got = await c.Get($"{Org}/serviceAccounts/{clientId}", Media.V2024);
        var s = got.Json["secrets"]![0]!.AsObject();
        Assert.False(s.ContainsKey("secret"));
        Assert.StartsWith("mdb_sa_sk_****", s["maskedSecretValue"]!.GetValue<string>());
        Assert.True(s.ContainsKey("lastUsedAt"));
        Assert.DoesNotContain(value, got.Body);

        var second = await c.Post($"{Org}/serviceAccounts/{clientId}/secrets", new { secretExpiresAfterHours = 24 }, Media.V2024);
        Assertions.Status(second, 201);
        Assert.StartsWith("mdb_sa_sk_", second.Json["secret"]!.GetValue<string>());
        Assert.Equal(2, _s.State.GetServiceAccount(clientId)!.Secrets.Count);
        using var b = new BearerClient(_s.BaseUri);
        Assertions.Status(await b.RequestToken(clientId, second.Json["secret"]!.GetValue<string>()), 200);
        Assert.NotNull(_s.State.GetServiceAccount(clientId)!.Secrets.Single(x => x.Id == second.Json["id"]!.GetValue<string>()).LastUsedAt);
    }

    [Fact]
    public async Task Deleting_an_org_key_removes_it_from_every_project()
    {
        var (id, _, _) = _s.State.CreateApiKey("in projects", new[] { "ORG_MEMBER" });
        using var c = Owner();
        foreach (var p in _s.Seed.ProjectIds.Take(2))
        {
            var r = await c.Post($"/api/atlas/v2/groups/{p}/apiKeys/{id}", new[] { new { roles = new[] { "GROUP_READ_ONLY" } } });
            Assertions.Status(r, 204);
            Assert.Equal("", r.Body);
            Assert.Contains((await c.Get($"/api/atlas/v2/groups/{p}/apiKeys")).Json["results"]!.AsArray(), k => k!["id"]!.GetValue<string>() == id);
        }
        Assert.Equal(2, _s.State.ApiKeyProjectAssignments(id).Count);
        Assertions.Status(await c.Delete($"{Org}/apiKeys/{id}"), 204);
        foreach (var p in _s.Seed.ProjectIds.Take(2))
            Assert.DoesNotContain((await c.Get($"/api/atlas/v2/groups/{p}/apiKeys")).Json["results"]!.AsArray(), k => k!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain(_s.State.ApiKeys, k => k.Id == id);
    }

    [Fact]
    public async Task Project_key_roles_are_replaced_and_removed()
    {
        var (id, _, _) = _s.State.CreateApiKey("roles", new[] { "ORG_MEMBER" });
        var p = _s.Seed.ProjectIds[0];
        using var c = Owner();
        Assertions.Status(await c.Post($"/api/atlas/v2/groups/{p}/apiKeys/{id}", new[] { new { roles = new[] { "GROUP_OWNER", "GROUP_READ_ONLY" } } }), 204);
        var patched = await c.Patch($"/api/atlas/v2/groups/{p}/apiKeys/{id}", new { roles = new[] { "GROUP_DATA_ACCESS_READ_ONLY" } });
        Assertions.Status(patched, 200);
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY" }, _s.State.ApiKeyProjectAssignments(id)[p]);
        Assert.Contains(patched.Json["roles"]!.AsArray(), r => r!["groupId"]?.GetValue<string>() == p && r["roleName"]!.GetValue<string>() == "GROUP_DATA_ACCESS_READ_ONLY");
        Assertions.Status(await c.Delete($"/api/atlas/v2/groups/{p}/apiKeys/{id}"), 204);
        Assert.Empty(_s.State.ApiKeyProjectAssignments(id));
        Assertions.AtlasError(await c.Delete($"/api/atlas/v2/groups/{p}/apiKeys/{id}"), 404, "API_KEY_NOT_IN_GROUP");
        Assertions.AtlasError(await c.Patch($"/api/atlas/v2/groups/{p}/apiKeys/{id}", new { roles = new[] { "GROUP_OWNER" } }), 404, "API_KEY_NOT_IN_GROUP");
    }

    [Fact]
    public async Task Create_project_key_returns_private_key_and_assigns_it()
    {
        var p = _s.Seed.ProjectIds[1];
        using var c = Owner();
        var r = await c.Post($"/api/atlas/v2/groups/{p}/apiKeys", new { desc = "project key", roles = new[] { "GROUP_READ_ONLY" } });
        Assertions.Status(r, 200);
        var id = r.Json["id"]!.GetValue<string>();
        Assert.DoesNotContain("*", r.Json["privateKey"]!.GetValue<string>());
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, _s.State.ApiKeyProjectAssignments(id)[p]);
    }

    [Fact]
    public async Task Removing_a_service_account_from_a_project_keeps_it_in_the_org()
    {
        var p = _s.Seed.ProjectIds[0];
        var p2 = _s.Seed.ProjectIds[1];
        using var c = Owner();
        var created = await c.Post($"/api/atlas/v2/groups/{p}/serviceAccounts", new { name = "proj sa", description = "d", roles = new[] { "GROUP_READ_ONLY" }, secretExpiresAfterHours = 10 }, Media.V2024);
        Assertions.Status(created, 201);
        var clientId = created.Json["clientId"]!.GetValue<string>();
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, created.Json["roles"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.Equal(new[] { "ORG_MEMBER" }, _s.State.GetServiceAccount(clientId)!.OrgRoles);

        var invited = await c.Send(HttpMethod.Post, $"/api/atlas/v2/groups/{p2}/serviceAccounts/{clientId}:invite", Media.V2024, "{\"roles\":[\"GROUP_OWNER\"]}", Media.V2024);
        Assertions.Status(invited, 200);
        Assert.Equal("GROUP_OWNER", invited.Json["roles"]![0]!.GetValue<string>());
        var groups = await c.Get($"{Org}/serviceAccounts/{clientId}/groups", Media.V2024);
        Assert.Equal(2, groups.Json["totalCount"]!.GetValue<int>());

        Assertions.Status(await c.Delete($"/api/atlas/v2/groups/{p}/serviceAccounts/{clientId}", Media.V2024), 204);
        Assertions.Status(await c.Get($"{Org}/serviceAccounts/{clientId}", Media.V2024), 200);
        Assertions.AtlasError(await c.Get($"/api/atlas/v2/groups/{p}/serviceAccounts/{clientId}", Media.V2024), 404, "SERVICE_ACCOUNT_NOT_IN_GROUP");
        Assert.Equal(new[] { p2 }, _s.State.ServiceAccountProjectAssignments(clientId).Keys);
        var list = await c.Get($"/api/atlas/v2/groups/{p2}/serviceAccounts", Media.V2024);
        Assert.Contains(list.Json["results"]!.AsArray(), x => x!["clientId"]!.GetValue<string>() == clientId);
    }

    [Fact]
    public async Task Invite_needs_org_owner()
    {
        var p = _s.Seed.ProjectIds[0];
        var (clientId, _) = _s.State.CreateServiceAccount("invitee", new[] { "ORG_MEMBER" });
        var (kid, pub, priv) = _s.State.CreateApiKey("project owner only", new[] { "ORG_MEMBER" });
        _s.State.AssignApiKeyToProject(kid, p, new[] { "GROUP_OWNER" });
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.AtlasError(await c.Post($"/api/atlas/v2/groups/{p}/serviceAccounts/{clientId}:invite", new { roles = new[] { "GROUP_READ_ONLY" } }, Media.V2024), 403, "USER_UNAUTHORIZED_FOR_ACTION");
    }

    [Fact]
    public async Task Org_service_account_update_and_delete()
    {
        var (clientId, _) = _s.State.CreateServiceAccount("upd", new[] { "ORG_MEMBER" });
        using var c = Owner();
        var r = await c.Patch($"{Org}/serviceAccounts/{clientId}", new { name = "renamed", roles = new[] { "ORG_READ_ONLY" } }, Media.V2024);
        Assertions.Status(r, 200);
        Assert.Equal("renamed", r.Json["name"]!.GetValue<string>());
        Assert.Equal(new[] { "ORG_READ_ONLY" }, _s.State.GetServiceAccount(clientId)!.OrgRoles);
        Assertions.Status(await c.Delete($"{Org}/serviceAccounts/{clientId}", Media.V2024), 204);
        Assert.Null(_s.State.GetServiceAccount(clientId));
    }

    [Fact]
    public async Task Create_org_with_api_key_returns_it_once()
    {
        using var c = Owner();
        var r = await c.Post("/api/atlas/v2/orgs", new { name = "New-Org", apiKey = new { desc = "bootstrap", roles = new[] { "ORG_OWNER" } } });
        Assertions.Status(r, 201);
        var orgId = r.Json["organization"]!["id"]!.GetValue<string>();
        Assert.Equal("New-Org", r.Json["organization"]!["name"]!.GetValue<string>());
        using var k = new DigestClient(_s.BaseUri, r.Json["apiKey"]!["publicKey"]!.GetValue<string>(), r.Json["apiKey"]!["privateKey"]!.GetValue<string>());
        var orgs = await k.Get("/api/atlas/v2/orgs");
        Assert.Equal(orgId, orgs.Json["results"]![0]!["id"]!.GetValue<string>());
        Assertions.Status(await k.Patch("/api/atlas/v2/orgs/" + orgId, new { name = "Renamed-Org" }), 200);
        Assert.Equal("Renamed-Org", (await k.Get("/api/atlas/v2/orgs/" + orgId)).Json["name"]!.GetValue<string>());
        Assertions.Status(await k.Get($"/api/atlas/v2/orgs/{orgId}/settings"), 200);
        Assertions.Status(await k.Delete("/api/atlas/v2/orgs/" + orgId), 204);
        Assert.DoesNotContain(_s.State.Organizations, o => o.Id == orgId);
    }

    [Fact]
    public async Task Create_org_with_service_account_returns_secret()
    {
        using var c = Owner();
        var r = await c.Post("/api/atlas/v2/orgs", new { name = "SA-Org", serviceAccount = new { name = "boot", description = "boot", roles = new[] { "ORG_OWNER" }, secretExpiresAfterHours = 8 } });
        Assertions.Status(r, 201);
        var sa = r.Json["serviceAccount"]!;
        using var b = new BearerClient(_s.BaseUri);
        Assertions.Status(await b.RequestToken(sa["clientId"]!.GetValue<string>(), sa["secrets"]![0]!["secret"]!.GetValue<string>()), 200);
    }

    [Fact]
    public async Task Groups_have_required_fields_and_cluster_counts()
    {
        var p = _s.State.CreateProject("With-Clusters");
        _s.State.AddCluster(p, "Cluster0");
        _s.State.AddCluster(p, "Cluster1", "M30", "GCP", "CENTRAL_US");
        using var c = Owner();
        var g = (await c.Get("/api/atlas/v2/groups/" + p)).Json.AsObject();
        Assert.Equal(2, g["clusterCount"]!.GetValue<long>());
        Assert.Equal(_s.Seed.OrgId, g["orgId"]!.GetValue<string>());
        Assert.Equal("With-Clusters", g["name"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(g["created"]!.GetValue<string>(), out _));
        Assert.IsType<JsonArray>(g["links"]);
        var clusters = await c.Get($"/api/atlas/v2/groups/{p}/clusters", Media.V2024);
        Assertions.Status(clusters, 200);
        Assert.Equal(2, clusters.Json["totalCount"]!.GetValue<int>());
        Assert.Equal("M30", clusters.Json["results"]![1]!["replicationSpecs"]![0]!["regionConfigs"]![0]!["electableSpecs"]!["instanceSize"]!.GetValue<string>());
        Assertions.Status(await c.Get($"/api/atlas/v2/groups/{p}/clusters", "application/vnd.atlas.2023-02-01+json"), 200);
        var orgGroups = await c.Get($"{Org}/groups");
        Assert.Contains(orgGroups.Json["results"]!.AsArray(), x => x!["id"]!.GetValue<string>() == p);
    }

    [Fact]
    public async Task Invoices_filter_by_date_and_list_pending()
    {
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 0 });
        var jan = s.State.AddInvoice(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), "PAID", 1000, 1000);
        var feb = s.State.AddInvoice(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), "CLOSED", 2000,
            lineItems: new[] { new InvoiceLineItemSeed("ATLAS_AWS_INSTANCE_M10", 2000, 720, "HOURS", 0.0278) });
        var mar = s.State.AddInvoice(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero), "PENDING", 500);
        using var c = new DigestClient(s.BaseUri, s.Seed.PublicKey, s.Seed.PrivateKey);
        var org = $"/api/atlas/v2/orgs/{s.Seed.OrgId}";
        var all = await c.Get(org + "/invoices");
        Assert.Equal(new[] { mar, feb, jan }, all.Json["results"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var filtered = await c.Get(org + "/invoices?fromDate=2026-02-01&toDate=2026-03-01");
        Assert.Equal(new[] { feb }, filtered.Json["results"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var pending = await c.Get(org + "/invoices/pending");
        Assert.Equal(new[] { mar }, pending.Json["results"]!.AsArray().Select(x => x!["id"]!.GetValue<string>()));
        var one = await c.Get($"{org}/invoices/{feb}");
        Assert.Equal(2000, one.Json["amountBilledCents"]!.GetValue<long>());
        Assert.Equal("ATLAS_AWS_INSTANCE_M10", one.Json["lineItems"]![0]!["sku"]!.GetValue<string>());
        Assertions.AtlasError(await c.Get(org + "/invoices?fromDate=yesterday"), 400, "INVALID_PARAMETER");
    }
}
