using AtlasPS.Core.Tests.Workflows;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>A cost tool with a read-only credential: invoices (list, by id, pending), projects and clusters.</summary>
public sealed class InvoiceAndClusterWorkflowsTests : IClassFixture<SaEmulatorFixture>
{
    private readonly SaEmulatorFixture fx;
    public InvoiceAndClusterWorkflowsTests(SaEmulatorFixture fx) { this.fx = fx; }

    private static readonly string[] ReadOnlyRoles = { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" };

    private sealed record Seeded(string Jan, string Feb, string Mar, string Pending);

    private static readonly object SeedLock = new();
    private static Seeded? seeded;

    private Seeded Seed()
    {
        lock (SeedLock)
        {
            if (seeded != null) return seeded;
            var st = fx.Server.State;
            DateTimeOffset D(int m, int d) => new(2026, m, d, 0, 0, 0, TimeSpan.Zero);
            string p0 = fx.Server.Seed.ProjectIds[0];
            string jan = st.AddInvoice(D(1, 1), D(2, 1), "PAID", 12345, 12345,
                new[] { new InvoiceLineItemSeed("ATLAS_AWS_INSTANCE_M10", 10000, 744, GroupId: p0, ClusterName: "orders"), new InvoiceLineItemSeed("ATLAS_AWS_DATA_TRANSFER", 2345) });
            string feb = st.AddInvoice(D(2, 1), D(3, 1), "PAID", 99, 99);
            string mar = st.AddInvoice(D(3, 1), D(4, 1), "CLOSED", 100000);
            string pending = st.AddInvoice(D(4, 1), D(5, 1), "PENDING", 4201);
            st.AddCluster(p0, "orders", "M10");
            st.AddCluster(p0, "analytics", "M30", "GCP", "CENTRAL_US");
            st.AddCluster(fx.Server.Seed.ProjectIds[1], "staging", "M10", paused: true);
            return seeded = new Seeded(jan, feb, mar, pending);
        }
    }

    public static IEnumerable<object[]> Credentials => new[] { new object[] { "apikey" }, new object[] { "serviceaccount" } };

    private AtlasConnection ReadOnly(string kind)
    {
        var st = fx.Server.State;
        if (kind == "apikey")
        {
            var k = st.CreateApiKey("cost tool " + Guid.NewGuid().ToString("N")[..6], ReadOnlyRoles);
            return Connect.ApiKey(fx.Server, k.PublicKey, k.PrivateKey);
        }
        var sa = st.CreateServiceAccount("cost tool " + Guid.NewGuid().ToString("N")[..6], ReadOnlyRoles, 24);
        return Connect.ServiceAccount(fx.Server, sa.ClientId, sa.Secret);
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Reads_invoices_in_cents_and_dollars(string kind)
    {
        var s = Seed();
        using var conn = ReadOnly(kind);

        var all = await InvoiceWorkflows.ListAsync(conn, null, null, null).ToListAsync();
        Assert.Superset(new HashSet<string> { s.Jan, s.Feb, s.Mar }, all.Select(i => i.Id).ToHashSet());

        var jan = await InvoiceWorkflows.GetAsync(conn, null, s.Jan);
        Assert.Equal(12345, jan.AmountBilledCents);
        Assert.Equal(123.45m, jan.AmountBilled);
        Assert.Equal(123.45m, jan.AmountPaid);
        Assert.Equal(2, jan.LineItems.Length);
        Assert.Equal(100.00m, jan.LineItems.Single(l => l.ClusterName == "orders").TotalPrice);
        Assert.Equal(0.99m, (await InvoiceWorkflows.GetAsync(conn, null, s.Feb)).AmountBilled);
        Assert.Equal(1000.00m, (await InvoiceWorkflows.GetAsync(conn, null, s.Mar)).AmountBilled);

        var pending = await InvoiceWorkflows.ListPendingAsync(conn, null);
        var p = Assert.Single(pending);
        Assert.Equal(s.Pending, p.Id);
        Assert.Equal("PENDING", p.StatusName);
        Assert.Equal(42.01m, p.AmountBilled);

        var febToMar = await InvoiceWorkflows.ListAsync(conn, null, new DateTime(2026, 2, 1), new DateTime(2026, 4, 1)).ToListAsync();
        Assert.Equal(new[] { s.Feb, s.Mar }.OrderBy(x => x), febToMar.Select(i => i.Id).OrderBy(x => x));
        Assert.Equal(1000.99m, febToMar.Sum(i => i.AmountBilled));

        var firstOnly = await InvoiceWorkflows.ListAsync(conn, null, null, null, new PageRequest { First = 1 }).ToListAsync();
        Assert.Single(firstOnly);
    }

    [Theory]
    [MemberData(nameof(Credentials))]
    public async Task Reads_projects_and_clusters_of_many_projects(string kind)
    {
        Seed();
        using var conn = ReadOnly(kind);
        var ids = fx.Server.Seed.ProjectIds;

        var projects = await conn.Client.Projects.ListAsync(fx.Server.Seed.OrgId).ToListAsync();
        Assert.Equal(ids.OrderBy(x => x), projects.Select(x => x.Id).OrderBy(x => x));

        const string bogus = "0123456789abcdef01234567";
        var results = await ClusterWorkflows.ListClustersOfProjectsAsync(conn, null, new[] { ids[1], bogus, ids[0] }, throttleLimit: 2);
        Assert.Equal(new[] { ids[1], bogus, ids[0] }, results.Select(r => r.Input));
        Assert.Equal(new[] { "staging" }, results[0].Value!.Select(c => c.Name));
        Assert.True(results[0].Value![0].Paused);
        Assert.False(results[1].Succeeded);
        Assert.Equal(new[] { "analytics", "orders" }, results[2].Value!.Select(c => c.Name).OrderBy(x => x));
        var analytics = results[2].Value!.Single(c => c.Name == "analytics");
        Assert.Equal(("GCP", "M30", ids[0]), (analytics.ProviderName, analytics.InstanceSize, analytics.ProjectId));

        // No project given: every project of the organization.
        var everywhere = await ClusterWorkflows.ListClustersOfProjectsAsync(conn, null, null);
        Assert.Equal(ids.Count, everywhere.Count);
        Assert.All(everywhere, r => Assert.True(r.Succeeded));
        Assert.Equal(3, everywhere.Sum(r => r.Value!.Count));

        // The credential really is read-only.
        var denied = await Assert.ThrowsAsync<AtlasApiException>(() => ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        { Name = "x", Description = "y", Roles = new[] { "ORG_OWNER" }, SecretExpiresAfterHours = 8 }));
        Assert.Equal(403, denied.StatusCode);
    }

    [Fact]
    public async Task Bad_dates_ids_and_throttle_are_refused_before_any_request()
    {
        using var conn = Connect.Owner(fx.Server);
        int before = fx.Server.Requests.Count();
        var range = await Assert.ThrowsAsync<AtlasValidationException>(() => InvoiceWorkflows.ListAsync(conn, null, new DateTime(2026, 3, 1), new DateTime(2026, 1, 1)).ToListAsync());
        Assert.Equal("AtlasInvalidDateRange", range.ErrorId);
        var id = await Assert.ThrowsAsync<AtlasValidationException>(() => InvoiceWorkflows.GetAsync(conn, null, "inv-42"));
        Assert.Equal("AtlasInvalidInvoiceId", id.ErrorId);
        var throttle = await Assert.ThrowsAsync<AtlasValidationException>(() => ClusterWorkflows.ListClustersOfProjectsAsync(conn, null, new[] { fx.Server.Seed.ProjectIds[0] }, 0));
        Assert.Equal("AtlasInvalidThrottleLimit", throttle.ErrorId);
        Assert.Equal(before, fx.Server.Requests.Count());
    }
}
