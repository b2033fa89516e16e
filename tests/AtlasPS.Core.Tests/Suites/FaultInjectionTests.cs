using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Suites.ReliabilityKit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>
/// Faults injected by the emulator while the core workflows run (the entry points the cmdlets call). Each case checks
/// the outcome (done, or a failure with a clear, stable error), the message, and that the emulator's state is what
/// the outcome says: no duplicate keys or service accounts, no credential left whose secret was neither returned nor
/// rolled back, no partly applied access list reported as success.
/// </summary>
public sealed class FaultInjectionTests : IClassFixture<ReliabilityEmulator>
{
    private readonly EmulatorServer server;
    private string Org => server.Seed.OrgId;

    public FaultInjectionTests(ReliabilityEmulator fixture)
    {
        server = fixture.Server;
        server.Faults.Reset();
        server.Requests.Clear();
    }

    private int Logged(string method, string pathEnd, int? status = null) =>
        server.Requests.Count(e => e.Method == method && e.Path.EndsWith(pathEnd, StringComparison.Ordinal) && (status is null || e.Status == status));

    private int Dropped() => server.Requests.Count(e => e.Dropped);

    /// <summary>The client on a fake clock (waits pass at once; see FakeClock), with no per-attempt timeout: fake time
    /// also passes while a real request is on the wire.</summary>
    private static Action<AtlasClientOptions> OnFakeClock(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock) =>
        o => { o.TimeProvider = clock; o.RequestTimeout = Timeout.InfiniteTimeSpan; };

    // ------------------------------------------------------------------ 429 / 503

    [Fact]
    public async Task Storm_of_429_with_Retry_After_during_a_full_key_create_completes()
    {
        // Retry-After is waited out on the client's clock (a fake one here: no real second passes).
        var clock = FakeClock.Create();
        using var conn = await ApiKeyAsync(server, OnFakeClock(clock));
        string desc = Unique("storm retry-after");
        server.Requests.Clear();
        server.Faults.RetryAfterSeconds = 1;
        server.Faults.TooManyRequestsBurst = 2;

        ApiKey key = null!;
        var start = clock.GetUtcNow();
        await clock.RunAsync(async () => key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.5" },
            ProjectIds = server.Seed.ProjectIds.Take(2), ProjectRoles = new[] { "GROUP_READ_ONLY" },
        }));

        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromSeconds(2), "both Retry-After waits passed on the client's clock");

        Assert.Equal(2, server.Requests.Count(e => e.Status == 429));
        Assert.NotNull(key.PrivateKey);
        Assert.Equal(1, KeysWithDescription(server, desc));
        var stored = server.State.GetApiKey(key.Id)!;
        Assert.Single(stored.AccessList);
        Assert.Equal(2, stored.ProjectRoles.Count);
    }

    [Fact]
    public async Task Every_third_request_429_without_Retry_After_key_and_service_account_flows_complete()
    {
        using var conn = await ApiKeyAsync(server);
        string desc = Unique("storm every-n"), name = Unique("storm-sa");
        server.Faults.TooManyRequestsEveryN = 3;

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = desc, Roles = new[] { "ORG_MEMBER" }, AccessList = new[] { "198.51.100.0/24", "2001:db8::7" },
            ProjectIds = server.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });
        var sa = await ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        {
            Name = name, Description = "storm", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24,
            AccessList = new[] { "192.0.2.1" }, ProjectIds = server.Seed.ProjectIds.Take(2), ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });
        await ApiKeyWorkflows.RemoveAsync(conn, null, key.Id);

        Assert.True(server.Requests.Count(e => e.Status == 429) >= 3, "the storm happened");
        Assert.Equal(0, KeysWithDescription(server, desc));
        Assert.Equal(1, AccountsNamed(server, name));
        Assert.NotNull(sa.Secrets[0].Secret);
        Assert.Single(server.State.ServiceAccountAccessList(sa.ClientId));
        Assert.Equal(2, server.State.ServiceAccountProjectAssignments(sa.ClientId).Count);
    }

    [Fact]
    public async Task Endless_429_ends_in_a_clear_rate_limit_error_and_nothing_created()
    {
        using var conn = await ApiKeyAsync(server, o => o.MaxRetryDuration = TimeSpan.FromSeconds(1));
        string desc = Unique("endless 429");
        server.Faults.TooManyRequestsBurst = 1000;

        var ex = await Fails(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" } }));
        server.Faults.Reset();

        var info = AtlasErrorInfo.From(ex, "ApiKey");
        Assert.Equal("AtlasRateLimited", info.ErrorId);
        Assert.Equal(AtlasErrorCategory.LimitsExceeded, info.Category);
        Assert.Contains("wait a minute and try again", info.Message);
        Assert.Equal(0, KeysWithDescription(server, desc));
    }

    [Fact]
    public async Task Burst_of_503_with_and_without_Retry_After_service_account_create_completes_once()
    {
        var clock = FakeClock.Create();
        using var conn = await ApiKeyAsync(server, OnFakeClock(clock));
        string name = Unique("burst-503");
        server.Faults.ServiceUnavailableBurst = 2;
        server.Faults.ServiceUnavailableRetryAfterSeconds = 1;

        ServiceAccount sa = null!;
        await clock.RunAsync(async () => sa = await ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        {
            Name = name, Description = "503", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 12,
        }));
        server.Faults.ServiceUnavailableRetryAfterSeconds = null;
        server.Faults.ServiceUnavailableBurst = 3;
        ServiceAccountSearchResult listed = null!;
        await clock.RunAsync(async () => listed = await ServiceAccountWorkflows.FindByNameAsync(conn, null, new[] { name }));

        Assert.Equal(5, server.Requests.Count(e => e.Status == 503));
        Assert.NotNull(sa.Secrets[0].Secret);
        Assert.Equal(1, AccountsNamed(server, name));
        Assert.Single(listed.Accounts);
    }

    // ------------------------------------------------------------------ dropped connections

    [Theory]
    [InlineData(DropTiming.BeforeHandler)]
    [InlineData(DropTiming.AfterHandler)]
    public async Task Dropped_GET_is_retried_and_the_list_is_complete(DropTiming timing)
    {
        using var conn = await ApiKeyAsync(server);
        server.Faults.DropConnection("GET", $"orgs/{Org}/apiKeys", timing, 2);

        var keys = new List<ApiKey>();
        await foreach (var k in ApiKeyWorkflows.ListAsync(conn, null)) keys.Add(k);

        Assert.Equal(2, Dropped());
        Assert.Contains(keys, k => k.Id == server.Seed.OwnerApiKeyId);
        Assert.Equal(server.State.ApiKeys.Count(k => k.OrgId == Org), keys.Count);
    }

    [Fact]
    public async Task Key_create_POST_dropped_before_Atlas_acted_is_checked_then_sent_again_once()
    {
        using var conn = await ApiKeyAsync(server);
        string desc = Unique("drop before");
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys", DropTiming.BeforeHandler, 1);

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.9" } });

        Assert.Equal(1, Dropped());
        Assert.Equal(1, KeysWithDescription(server, desc));
        Assert.Equal(key.Id, server.State.ApiKeys.Single(k => k.Description == desc).Id);
        Assert.True(Reveal(key.PrivateKey!).Length > 0);
        Assert.Single(server.State.ApiKeyAccessList(key.Id));
        Assert.Equal(0, server.Requests.Count(e => e.Method == "DELETE")); // nothing needed undoing
    }

    [Fact]
    public async Task Key_create_POST_whose_answer_is_lost_no_duplicate_and_the_secretless_key_is_removed()
    {
        using var conn = await ApiKeyAsync(server);
        string desc = Unique("drop after");
        server.State.CreateApiKey(desc, new[] { "ORG_MEMBER" }); // an older key with the same description must survive
        string older = server.State.ApiKeys.Single(k => k.Description == desc).Id;
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys", DropTiming.AfterHandler, 1);

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = desc, Roles = new[] { "ORG_READ_ONLY" }, ProjectIds = server.Seed.ProjectIds.Take(1), ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });

        Assert.Equal(1, Dropped());
        var mine = server.State.ApiKeys.Where(k => k.Description == desc).Select(k => k.Id).ToList();
        Assert.Equal(new[] { older, key.Id }.OrderBy(x => x), mine.OrderBy(x => x)); // the older key and exactly one new one
        Assert.Equal(1, server.Requests.Count(e => e.Method == "DELETE" && e.Status == 204)); // the key whose private key was lost
        Assert.NotNull(key.PrivateKey);
        Assert.Single(server.State.ApiKeyProjectAssignments(key.Id));
    }

    [Fact]
    public async Task Key_create_answer_lost_twice_reports_what_it_found_and_leaves_nothing()
    {
        using var conn = await ApiKeyAsync(server);
        string desc = Unique("drop twice");
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys", DropTiming.AfterHandler, 2);

        var ex = await Fails(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" } }));

        var w = Assert.IsType<AtlasWorkflowException>(ex);
        Assert.Equal("AtlasApiKeyNotCreated", w.ErrorId);
        Assert.Contains("AtlasPS checked", w.Message);
        Assert.Contains("nothing is left behind", w.Message);
        Assert.True(OutcomeCheck.IsOutcomeUnknown(w.InnerException));
        Assert.Equal(AtlasErrorCategory.ConnectionError, AtlasErrorInfo.From(w).Category);
        Assert.Equal(0, KeysWithDescription(server, desc));
        Assert.Equal(2, server.Requests.Count(e => e.Method == "DELETE" && e.Status == 204));
    }

    [Theory]
    [InlineData(DropTiming.BeforeHandler)]
    [InlineData(DropTiming.AfterHandler)]
    public async Task Service_account_create_POST_dropped_ends_with_exactly_one_account_and_its_secret(DropTiming timing)
    {
        using var conn = await ApiKeyAsync(server);
        string name = Unique("drop-sa");
        server.Faults.DropConnection("POST", $"orgs/{Org}/serviceAccounts", timing, 1);

        var sa = await ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        {
            Name = name, Description = "drop", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24, AccessList = new[] { "192.0.2.0/24" },
        });

        Assert.Equal(1, Dropped());
        Assert.Equal(1, AccountsNamed(server, name));
        Assert.Equal(sa.ClientId, server.State.ServiceAccounts.Single(s => s.Name == name).ClientId);
        Assert.True(Reveal(sa.Secrets[0].Secret!).Length > 0);
        Assert.Single(server.State.ServiceAccountAccessList(sa.ClientId));
        Assert.Equal(timing == DropTiming.AfterHandler ? 1 : 0, server.Requests.Count(e => e.Method == "DELETE" && e.Status == 204));
    }

    [Theory]
    [InlineData(DropTiming.BeforeHandler)]
    [InlineData(DropTiming.AfterHandler)]
    public async Task Secret_create_POST_dropped_ends_with_exactly_one_new_secret_whose_value_was_received(DropTiming timing)
    {
        using var conn = await ApiKeyAsync(server);
        var (clientId, _) = server.State.CreateServiceAccount(Unique("drop-secret").Replace(' ', '-'), new[] { "ORG_READ_ONLY" });
        var before = server.State.GetServiceAccount(clientId)!.Secrets.Select(x => x.Id).ToHashSet();
        server.Faults.DropConnection("POST", $"orgs/{Org}/serviceAccounts/{clientId}/secrets", timing, 1);

        var secret = await ServiceAccountSecretWorkflows.NewAsync(conn, null, clientId, 24);

        Assert.Equal(1, Dropped());
        var added = server.State.GetServiceAccount(clientId)!.Secrets.Where(x => !before.Contains(x.Id)).ToList();
        Assert.Equal(secret.Id, Assert.Single(added).Id);
        Assert.True(Reveal(secret.Secret!).Length > 0);
        // After a lost answer the secret Atlas did create (its value never arrived) is deleted before the POST is sent again.
        Assert.Equal(timing == DropTiming.AfterHandler ? 1 : 0, Logged("DELETE", "", 204));
        Assert.Equal(2, server.Requests.Count(e => e.Method == "POST" && e.Path.EndsWith("/secrets", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Secret_create_lost_twice_leaves_no_unknown_secret_and_says_so()
    {
        using var conn = await ApiKeyAsync(server);
        var (clientId, _) = server.State.CreateServiceAccount(Unique("drop-secret-twice").Replace(' ', '-'), new[] { "ORG_READ_ONLY" });
        var before = server.State.GetServiceAccount(clientId)!.Secrets.Select(x => x.Id).ToHashSet();
        server.Faults.DropConnection("POST", $"orgs/{Org}/serviceAccounts/{clientId}/secrets", DropTiming.AfterHandler, 2);

        var ex = await Fails(() => ServiceAccountSecretWorkflows.NewAsync(conn, null, clientId, 24));

        var w = Assert.IsType<AtlasWorkflowException>(ex);
        Assert.Equal("AtlasServiceAccountSecretNotCreated", w.ErrorId);
        Assert.Contains("nothing is left behind", w.Message);
        Assert.Equal(before, server.State.GetServiceAccount(clientId)!.Secrets.Select(x => x.Id).ToHashSet());
    }

    [Fact]
    public async Task Access_list_POST_lost_inside_key_create_rolls_the_key_back()
    {
        using var conn = await ApiKeyAsync(server);
        string desc = Unique("drop access list");
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys/", DropTiming.AfterHandler, 1);

        var ex = await Fails(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.1", "203.0.113.2" },
        }));

        var w = Assert.IsType<AtlasWorkflowException>(ex);
        Assert.Equal("AtlasCreationRolledBack", w.ErrorId);
        Assert.Contains("access list", w.Message);
        Assert.Contains("nothing is left behind", w.Message);
        Assert.Equal(0, KeysWithDescription(server, desc));
    }

    [Fact]
    public async Task Access_list_POST_whose_answer_is_lost_is_checked_and_reported_done_only_because_it_is()
    {
        using var conn = await ApiKeyAsync(server);
        var (id, _, _) = server.State.CreateApiKey(Unique("al after"), new[] { "ORG_READ_ONLY" });
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys/{id}/accessList", DropTiming.AfterHandler, 1);

        var added = await AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(id), new[] { "203.0.113.20", "198.51.100.0/25" });

        Assert.Equal(1, Dropped());
        Assert.Equal(2, added.Count);
        Assert.Equal(2, server.State.ApiKeyAccessList(id).Count);
        Assert.Equal(1, Logged("GET", $"/apiKeys/{id}/accessList"));
    }

    [Fact]
    public async Task Access_list_POST_dropped_before_Atlas_acted_is_reported_as_not_applied()
    {
        using var conn = await ApiKeyAsync(server);
        var (id, _, _) = server.State.CreateApiKey(Unique("al before"), new[] { "ORG_READ_ONLY" });
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys/{id}/accessList", DropTiming.BeforeHandler, 1);

        var ex = await Fails(() => AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(id), new[] { "203.0.113.21", "203.0.113.22" }));

        var w = Assert.IsType<AtlasWorkflowException>(ex);
        Assert.Equal("AtlasAccessListNotApplied", w.ErrorId);
        Assert.Contains("0 of 2 entries", w.Message);
        Assert.Contains("missing: 203.0.113.21, 203.0.113.22", w.Message);
        Assert.Empty(server.State.ApiKeyAccessList(id));
    }

    [Theory]
    [InlineData(DropTiming.BeforeHandler)]
    [InlineData(DropTiming.AfterHandler)]
    public async Task Dropped_DELETE_is_resent_and_reported_done(DropTiming timing)
    {
        using var conn = await ApiKeyAsync(server);
        var (id, _, _) = server.State.CreateApiKey(Unique("drop delete"), new[] { "ORG_READ_ONLY" });
        var (clientId, _) = server.State.CreateServiceAccount(Unique("drop-delete-sa"), new[] { "ORG_READ_ONLY" });
        server.Faults.DropConnection("DELETE", $"orgs/{Org}/apiKeys/{id}", timing, 1);
        server.Faults.DropConnection("DELETE", $"orgs/{Org}/serviceAccounts/{clientId}", timing, 1);

        await ApiKeyWorkflows.RemoveAsync(conn, null, id);
        await ServiceAccountWorkflows.DeleteAsync(conn, null, clientId);

        Assert.Equal(2, Dropped());
        Assert.Null(server.State.GetApiKey(id));
        Assert.Null(server.State.GetServiceAccount(clientId));
    }

    // ------------------------------------------------------------------ slow answers

    [Fact]
    public async Task Answers_slower_than_the_request_timeout_end_in_a_clear_timeout_error()
    {
        using var conn = await ApiKeyAsync(server, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(300); o.MaxRetryDuration = TimeSpan.FromSeconds(1.5); });
        server.Faults.SlowResponseMs = 1500;

        var ex = await Fails(() => ApiKeyWorkflows.GetByIdAsync(conn, null, server.Seed.OwnerApiKeyId));
        server.Faults.Reset();

        var info = AtlasErrorInfo.From(ex, "ApiKey");
        Assert.Equal("AtlasRequestTimeout", info.ErrorId);
        Assert.Equal(AtlasErrorCategory.OperationTimeout, info.Category);
        Assert.Contains("RequestTimeout", info.Message);
        Assert.NotNull(server.State.GetApiKey(server.Seed.OwnerApiKeyId));
    }

    [Fact]
    public async Task Key_create_answer_slower_than_the_timeout_is_checked_not_resent_blindly()
    {
        string desc = Unique("slow create");
        var hook = new HookHandler(r => r.Method == HttpMethod.Post && r.RequestUri!.AbsolutePath.EndsWith($"/orgs/{Org}/apiKeys", StringComparison.Ordinal),
            before: () => server.Faults.SlowResponseMs = 1200, after: () => server.Faults.SlowResponseMs = 0);
        using var conn = await ApiKeyAsync(server, o => { o.RequestTimeout = TimeSpan.FromMilliseconds(400); o.InnerHandler = hook; });

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" } });

        Assert.Equal(1, KeysWithDescription(server, desc));
        Assert.Equal(key.Id, server.State.ApiKeys.Single(k => k.Description == desc).Id);
        Assert.NotNull(key.PrivateKey);
        Assert.Equal(2, Logged("POST", $"/orgs/{Org}/apiKeys"));
    }

    // ------------------------------------------------------------------ tokens and nonces

    [Fact]
    public async Task Token_endpoint_429_is_waited_out_and_the_service_account_works()
    {
        server.Faults.RetryAfterSeconds = 1;
        server.Faults.TokenTooManyRequestsBurst = 2;
        var clock = FakeClock.Create();
        AtlasConnection conn = null!;
        await clock.RunAsync(async () => conn = await ServiceAccountAsync(server, OnFakeClock(clock)));
        using var _ = conn;
        string name = Unique("token-429");

        ServiceAccount sa = null!;
        await clock.RunAsync(async () => sa = await ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        {
            Name = name, Description = "token", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24,
        }));

        Assert.Equal(2, server.Requests.Count(e => e.Path == "/api/oauth/token" && e.Status == 429));
        Assert.Equal(1, AccountsNamed(server, name));
        Assert.NotNull(sa.Secrets[0].Secret);
    }

    [Fact]
    public async Task Token_endpoint_refusing_for_good_is_a_clear_error_and_nothing_is_created()
    {
        server.Faults.TokenTooManyRequestsBurst = 1000;
        string name = Unique("token-refused");
        var ex = await Fails(async () =>
        {
            using var conn = await ServiceAccountAsync(server);
            await ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
            {
                Name = name, Description = "token", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24,
            });
        });
        server.Faults.Reset();

        var info = AtlasErrorInfo.From(ex, "ServiceAccount");
        Assert.Equal(AtlasErrorCategory.LimitsExceeded, info.Category);
        Assert.Contains("429", info.Message);
        Assert.Contains("token", info.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, AccountsNamed(server, name));
        Assert.Equal(0, server.Requests.Count(e => e.Path.Contains("/serviceAccounts") && e.Method == "POST"));
    }

    [Fact]
    public async Task Digest_nonce_expiring_in_the_middle_of_a_run_is_renewed_transparently()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var short_ = await EmulatorServer.StartAsync(new EmulatorOptions { NonceLifetime = TimeSpan.FromMilliseconds(400), ProjectCount = 1, TimeProvider = clock });
        using var conn = await ApiKeyAsync(short_);
        string desc = Unique("nonce");

        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" } });
        clock.Advance(TimeSpan.FromMilliseconds(600)); // the nonce the client holds is now stale
        var changed = await ApiKeyWorkflows.UpdateAsync(conn, null, key.Id, desc + " v2", null);
        clock.Advance(TimeSpan.FromMilliseconds(600));
        var added = await AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(key.Id), new[] { "203.0.113.77" });
        clock.Advance(TimeSpan.FromMilliseconds(600));
        await ApiKeyWorkflows.RemoveAsync(conn, null, key.Id);

        Assert.Equal(desc + " v2", changed.Description);
        Assert.Single(added);
        Assert.Null(short_.State.GetApiKey(key.Id));
        Assert.True(short_.Requests.Count(e => e.DigestChallenged) >= 3, "stale nonces were challenged and answered");
        Assert.Equal(1, short_.Requests.Count(e => e.Method == "POST" && e.Path.EndsWith("/apiKeys", StringComparison.Ordinal) && e.Status == 200));
    }
}
