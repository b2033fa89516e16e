using AtlasPS.Core.Resources;
using AtlasPS.Core.Workflows;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>ServiceAccountSecretWorkflows (Get-/New-/Remove-AtlasServiceAccountSecret): lifetimes and the expiry filter.</summary>
public sealed class ServiceAccountSecretWorkflowsTests : IClassFixture<SaEmulatorFixture>
{
    private readonly SaEmulatorFixture fx;
    public ServiceAccountSecretWorkflowsTests(SaEmulatorFixture fx) { this.fx = fx; }

    private static NewServiceAccountRequest Request(string name) => new()
    { Name = name, Description = "workflow test", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8 };

    [Fact]
    public async Task Expiring_within_filter_through_the_api()
    {
        var server = fx.Server;
        using var owner = Connect.Owner(server);
        var req = Request(Connect.UniqueName("expiry"));
        req.SecretExpiresAfterHours = 8760;
        var sa = await ServiceAccountWorkflows.CreateAsync(owner, req);
        var soon = await ServiceAccountSecretWorkflows.NewAsync(owner, null, sa.ClientId, 24 * 10);
        var expiring = await ServiceAccountSecretWorkflows.GetAsync(owner, null, sa.ClientId, 14);
        Assert.Equal(soon.Id, Assert.Single(expiring).Id);
        Assert.Equal(2, (await ServiceAccountSecretWorkflows.GetAsync(owner, null, sa.ClientId)).Count);
        var bad = await Assert.ThrowsAsync<AtlasValidationException>(() => ServiceAccountSecretWorkflows.NewAsync(owner, null, sa.ClientId, 8761));
        Assert.Equal("AtlasInvalidSecretLifetime", bad.ErrorId);
        Assert.Equal("ExpiresAfterHours", bad.ParamName);
        await ServiceAccountWorkflows.DeleteAsync(owner, null, sa.ClientId);
    }

    [Fact]
    public void Expiring_within_filter_is_inclusive_includes_expired_and_sorts_soonest_first()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ServiceAccountSecret S(string id, double days) => new() { Id = id, ExpiresAt = now.AddDays(days) };
        var secrets = new[] { S("late", 30), S("edge", 14), S("soon", 3), S("gone", -1), S("after", 14.01) };
        Assert.Equal(new[] { "gone", "soon", "edge" }, ServiceAccountSecretWorkflows.ExpiringWithin(secrets, 14, now).Select(s => s.Id));
        Assert.Equal(new[] { "gone" }, ServiceAccountSecretWorkflows.ExpiringWithin(secrets, 0, now).Select(s => s.Id));
        Assert.Equal("AtlasInvalidExpiringWithinDays", Assert.Throws<AtlasValidationException>(() => ServiceAccountSecretWorkflows.ExpiringWithin(secrets, -1, now)).ErrorId);
    }
}
