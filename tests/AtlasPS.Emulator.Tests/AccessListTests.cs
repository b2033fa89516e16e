using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Emulator.Tests;

public sealed class EmulatorAccessListTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorServer _s;

    public EmulatorAccessListTests(EmulatorFixture f) => _s = f.Server;

    private DigestClient Owner() => new(_s.BaseUri, _s.Seed.PublicKey, _s.Seed.PrivateKey);

    private string Org => $"/api/atlas/v2/orgs/{_s.Seed.OrgId}";

    [Fact]
    public async Task Key_with_access_list_not_containing_caller_is_refused()
    {
        var (id, pub, priv) = _s.State.CreateApiKey("restricted", new[] { "ORG_OWNER" });
        _s.State.AddApiKeyAccessListEntry(id, "10.0.0.0/8");
        _s.State.AddApiKeyAccessListEntry(id, "::1/128");
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        var r = await c.Get("/api/atlas/v2/orgs");
        Assertions.AtlasError(r, 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST");

        _s.State.AddApiKeyAccessListEntry(id, "127.0.0.0/24");
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        var entry = _s.State.ApiKeyAccessList(id).Single(e => e.CidrBlock == "127.0.0.0/24");
        Assert.Equal("127.0.0.1", entry.LastUsedAddress);
        Assert.Equal(2, entry.Count);
        Assert.NotNull(entry.LastUsed);
        // and the API shows it
        using var owner = Owner();
        var got = await owner.Get($"{Org}/apiKeys/{id}/accessList/127.0.0.0%2F24");
        Assertions.Status(got, 200);
        Assert.Equal("127.0.0.1", got.Json["lastUsedAddress"]!.GetValue<string>());
        Assert.Equal(2, got.Json["count"]!.GetValue<int>());
        Assert.NotNull(got.Json["lastUsed"]);
    }

    [Fact]
    public async Task Exact_ip_entry_admits_the_caller()
    {
        var (id, pub, priv) = _s.State.CreateApiKey("exact", new[] { "ORG_MEMBER" });
        _s.State.AddApiKeyAccessListEntry(id, "127.0.0.2");
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs"), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST");
        _s.State.AddApiKeyAccessListEntry(id, "127.0.0.1");
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
    }

    [Fact]
    public async Task Entries_are_added_idempotently_and_returned_as_a_paginated_list()
    {
        var (id, _, _) = _s.State.CreateApiKey("idempotent", new[] { "ORG_MEMBER" });
        using var c = Owner();
        var path = $"{Org}/apiKeys/{id}/accessList";
        var r1 = await c.Post(path, new object[] { new { ipAddress = "203.0.113.10" }, new { cidrBlock = "198.51.100.0/24" } });
        Assertions.Status(r1, 200);
        Assert.Equal(2, r1.Json["totalCount"]!.GetValue<int>());
        var r2 = await c.Post(path, new object[] { new { ipAddress = "203.0.113.10" } });
        Assertions.Status(r2, 200);
        Assert.Equal(2, r2.Json["totalCount"]!.GetValue<int>());
        Assert.Equal(2, _s.State.ApiKeyAccessList(id).Count);
        var ipEntry = r2.Json["results"]!.AsArray().Single(e => e!["ipAddress"] is not null)!;
        Assert.Equal("203.0.113.10/32", ipEntry["cidrBlock"]!.GetValue<string>());
        Assert.NotNull(ipEntry["created"]);
    }

    [Fact]
    public async Task Ipv6_cidr_entries_are_accepted_and_canonicalised()
    {
        var (id, _, _) = _s.State.CreateApiKey("v6", new[] { "ORG_MEMBER" });
        using var c = Owner();
        var r = await c.Post($"{Org}/apiKeys/{id}/accessList", new[] { new { cidrBlock = "2001:db8::/32" } });
        Assertions.Status(r, 200);
        Assert.Equal("2001:db8::/32", r.Json["results"]![0]!["cidrBlock"]!.GetValue<string>());
        Assertions.Status(await c.Get($"{Org}/apiKeys/{id}/accessList/2001:db8::%2F32"), 200);
    }

    [Fact]
    public async Task Cidr_entry_is_deleted_through_percent_2F_path()
    {
        var (id, _, _) = _s.State.CreateApiKey("delete cidr", new[] { "ORG_MEMBER" });
        _s.State.AddApiKeyAccessListEntry(id, "10.0.0.0/24");
        _s.State.AddApiKeyAccessListEntry(id, "10.0.1.0/24");
        using var c = Owner();
        Assertions.Status(await c.Delete($"{Org}/apiKeys/{id}/accessList/10.0.0.0%2F24"), 204);
        Assert.Equal(new[] { "10.0.1.0/24" }, _s.State.ApiKeyAccessList(id).Select(e => e.CidrBlock));
        Assert.Contains(_s.Requests.Entries, e => e.Method == "DELETE" && e.Path.EndsWith("/accessList/10.0.0.0%2F24", StringComparison.Ordinal) && e.Status == 204);
        Assertions.AtlasError(await c.Delete($"{Org}/apiKeys/{id}/accessList/10.0.0.0%2F24"), 404, "ACCESS_LIST_ENTRY_NOT_FOUND");
    }

    [Fact]
    public async Task Caller_cannot_remove_the_address_it_calls_from()
    {
        var (id, pub, priv) = _s.State.CreateApiKey("self", new[] { "ORG_OWNER" });
        _s.State.AddApiKeyAccessListEntry(id, "127.0.0.1");
        _s.State.AddApiKeyAccessListEntry(id, "10.1.1.1");
        using var c = new DigestClient(_s.BaseUri, pub, priv);
        Assertions.AtlasError(await c.Delete($"{Org}/apiKeys/{id}/accessList/127.0.0.1"), 400, "CANNOT_REMOVE_CALLER_IP_FROM_ACCESS_LIST");
        Assertions.Status(await c.Delete($"{Org}/apiKeys/{id}/accessList/10.1.1.1"), 204);
        Assert.Single(_s.State.ApiKeyAccessList(id));
    }

    [Fact]
    public async Task Service_account_access_list_applies_to_api_calls_not_token_requests()
    {
        var (clientId, secret) = _s.State.CreateServiceAccount("restricted sa", new[] { "ORG_OWNER" });
        _s.State.AddServiceAccountAccessListEntry(clientId, "192.0.2.0/24");
        using var c = new BearerClient(_s.BaseUri);
        Assertions.Status(await c.RequestToken(clientId, secret), 200);
        Assertions.AtlasError(await c.Get($"{Org}/serviceAccounts"), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST");
        _s.State.AddServiceAccountAccessListEntry(clientId, "127.0.0.1");
        Assertions.Status(await c.Get($"{Org}/serviceAccounts"), 200);
        var list = await c.Get($"{Org}/serviceAccounts/{clientId}/accessList");
        Assertions.Status(list, 200);
        var used = list.Json["results"]!.AsArray().Single(e => e!["ipAddress"]?.GetValue<string>() == "127.0.0.1")!;
        Assert.Equal("127.0.0.1", used["lastUsedAddress"]!.GetValue<string>());
        Assert.True(used["requestCount"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public async Task Service_account_access_list_crud_over_http()
    {
        var (clientId, _) = _s.State.CreateServiceAccount("sa acl", new[] { "ORG_MEMBER" });
        using var c = Owner();
        var path = $"{Org}/serviceAccounts/{clientId}/accessList";
        var r = await c.Post(path, new object[] { new { cidrBlock = "192.0.2.0/24" }, new { ipAddress = "198.51.100.7" } }, Media.V2024);
        Assertions.Status(r, 200);
        Assert.Equal(2, r.Json["totalCount"]!.GetValue<int>());
        Assertions.Status(await c.Delete(path + "/192.0.2.0%2F24", Media.V2024), 204);
        Assert.Single(_s.State.ServiceAccountAccessList(clientId));
        var p = _s.Seed.ProjectIds[2];
        _s.State.AssignServiceAccountToProject(clientId, p, new[] { "GROUP_READ_ONLY" });
        var gp = $"/api/atlas/v2/groups/{p}/serviceAccounts/{clientId}/accessList";
        Assertions.Status(await c.Post(gp, new[] { new { ipAddress = "198.51.100.8" } }, Media.V2024), 200);
        Assert.Equal(2, (await c.Get(gp, Media.V2024)).Json["totalCount"]!.GetValue<int>());
        Assertions.Status(await c.Delete(gp + "/198.51.100.8", Media.V2024), 204);
    }

    [Fact]
    public async Task Ipv6_callers_are_matched_against_ipv6_cidr_entries()
    {
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 0, ListenIPv6Loopback = true });
        Assert.NotNull(s.BaseUriIPv6);
        var (id, pub, priv) = s.State.CreateApiKey("v6 caller", new[] { "ORG_MEMBER" });
        s.State.AddApiKeyAccessListEntry(id, "127.0.0.1");
        s.State.AddApiKeyAccessListEntry(id, "fd00::/8");
        using var c = new DigestClient(s.BaseUriIPv6!, pub, priv);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs"), 403, "IP_ADDRESS_NOT_ON_ACCESS_LIST");
        s.State.AddApiKeyAccessListEntry(id, "::/64");   // contains ::1
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
        var used = s.State.ApiKeyAccessList(id).Single(e => e.CidrBlock == "::/64");
        Assert.Equal("::1", used.LastUsedAddress);
        Assert.Equal(1, used.Count);
    }

    [Fact]
    public async Task Org_requiring_access_lists_refuses_keys_without_one()
    {
        await using var s = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 0 });
        s.State.ConfigureOrg(apiAccessListRequired: true);
        using var c = new DigestClient(s.BaseUri, s.Seed.PublicKey, s.Seed.PrivateKey);
        Assertions.AtlasError(await c.Get("/api/atlas/v2/orgs"), 403, "ORG_REQUIRES_ACCESS_LIST");
        s.State.AddApiKeyAccessListEntry(s.Seed.OwnerApiKeyId, "127.0.0.1");
        Assertions.Status(await c.Get("/api/atlas/v2/orgs"), 200);
    }
}
