using System.Collections.Concurrent;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>
/// Issue 15.1: when Atlas becomes unreachable in the middle of a fan-out over projects, the command stops starting new
/// projects, ends within one retry budget (MaxRetryDuration) including its rollback, and says so in one short error.
/// Counts come from the emulator's request log (or, once the emulator is stopped, from the client's per-attempt
/// diagnostics); nothing here measures time.
/// </summary>
public sealed class ConnectionLossTests
{
    private const int Throttle = 2;
    private const int Attempts = 2; // MaxRetryAttempts: each call is sent at most 3 times
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);

    private static AtlasConnection Connect(EmulatorServer server, Action<AtlasClientOptions>? configure = null) =>
        SeededOwner.Connection(server, o => { Retries.Fast(o); o.MaxRetryAttempts = Attempts; configure?.Invoke(o); });

    /// <summary>Atlas goes away for project assignments: every later POST to /groups/... has its connection cut.</summary>
    private static void CutProjectPosts(EmulatorServer server) => server.Faults.DropConnection("POST", "groups/", DropTiming.BeforeHandler, 10_000);

    private static int Logged(EmulatorServer server, string method, Func<string, bool> path) =>
        server.Requests.Count(e => e.Method == method && path(e.Path));

    private static bool IsAssignment(string path) => path.Contains("/groups/", StringComparison.Ordinal) && path.Contains("/apiKeys/", StringComparison.Ordinal);

    private static void ShortAndNamesWhatIsLeft(string message, int projects)
    {
        Assert.Contains("not started because the connection to Atlas was lost", message);
        Assert.Contains($"of {projects} project(s) failed", message);
        // One summary, not one sentence per project: at most MaxIdsNamed ids per list, reasons once.
        Assert.True(message.Length < 1500, $"{message.Length} characters: {message}");
    }

    [Fact]
    public async Task New_key_stops_assigning_projects_after_the_first_connection_failure_and_is_rolled_back()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 20 });
        using var conn = Connect(server);
        CutProjectPosts(server);

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "unreachable", Roles = new[] { "ORG_READ_ONLY" },
            ProjectIds = server.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" }, ThrottleLimit = Throttle,
        }).WaitAsync(Generous));

        // Only the projects already in flight were tried (a POST whose connection was cut is not sent twice).
        Assert.InRange(Logged(server, "POST", IsAssignment), 1, Throttle);
        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        ShortAndNamesWhatIsLeft(ex.Message, 20);
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.DoesNotContain(server.State.ApiKeys, k => k.Description == "unreachable");
    }

    [Fact]
    public async Task New_service_account_stops_inviting_after_the_first_connection_failure_and_is_rolled_back()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 20 });
        using var conn = Connect(server);
        CutProjectPosts(server);

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest
        {
            Name = "unreachable-sa", Description = "d", Roles = new[] { "ORG_MEMBER" }, SecretExpiresAfterHours = 8,
            ProjectIds = server.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" }, ThrottleLimit = Throttle,
        }).WaitAsync(Generous));

        Assert.InRange(Logged(server, "POST", p => p.EndsWith(":invite", StringComparison.Ordinal)), 1, Throttle);
        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        ShortAndNamesWhatIsLeft(ex.Message, 20);
        Assert.DoesNotContain(server.State.ServiceAccounts, s => s.Name == "unreachable-sa");
    }

    [Fact]
    public async Task Rotation_stops_copying_project_access_after_the_first_connection_failure_and_keeps_the_old_key()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 20 });
        using var conn = Connect(server);
        var (id, pub, priv) = server.State.CreateApiKey("rotate me", new[] { "ORG_MEMBER" });
        foreach (var p in server.Seed.ProjectIds) server.State.AssignApiKeyToProject(id, p, new[] { "GROUP_READ_ONLY" });
        var vault = new InMemoryVault("SecretStore");
        vault.Put("SecretStore", "rot", pub, priv);
        var rotation = new CredentialWorkflows(conn.Client, vault, new RotationOptions
        {
            OrganizationId = server.Seed.OrgId, ApiKeyId = id, VaultName = "SecretStore", SecretName = "rot", ThrottleLimit = Throttle,
            BeforeStep = (step, _) => { if (step == RotationStep.CopyProjectAccess) CutProjectPosts(server); return Task.CompletedTask; },
        });

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => rotation.RunAsync().WaitAsync(Generous));

        Assert.InRange(Logged(server, "POST", IsAssignment), 1, Throttle);
        Assert.Equal(CredentialWorkflows.ErrorProjectAccessCopyFailed, ex.ErrorId);
        ShortAndNamesWhatIsLeft(ex.Message, 20);
        Assert.Single(server.State.ApiKeys, k => k.Description.StartsWith("rotate me", StringComparison.Ordinal)); // the new key was deleted again
        Assert.Equal(pub, vault.Find("SecretStore", "rot")!.UserName);
    }

    [Fact]
    public async Task Grant_to_many_projects_reports_the_rest_as_not_attempted_after_a_connection_failure()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 20 });
        using var conn = Connect(server);
        var (id, _, _) = server.State.CreateApiKey("grant me", new[] { "ORG_MEMBER" });
        // Grant reads each project's keys first (GET, retried), then assigns: cut both.
        server.Faults.DropConnection("GET", "groups/", DropTiming.BeforeHandler, 10_000);
        CutProjectPosts(server);

        var changes = await ProjectAccessWorkflows.GrantAsync(conn, server.Seed.ProjectIds, PrincipalRef.ApiKey(id), new[] { "GROUP_READ_ONLY" }, Throttle)
            .WaitAsync(Generous);

        // At most the projects in flight were read, each with its retries; none was assigned.
        Assert.InRange(Logged(server, "GET", p => p.Contains("/groups/", StringComparison.Ordinal)), 1, Throttle * (Attempts + 1));
        Assert.Equal(20, changes.Count);
        Assert.All(changes, c => Assert.False(c.Succeeded));
        Assert.InRange(changes.Count(c => c.Error is AtlasWorkflowException { ErrorId: CommandBudget.ErrorNotAttempted }), 20 - Throttle, 19);
        Assert.Equal(server.Seed.ProjectIds, changes.Select(c => c.ProjectId));
    }

    [Fact]
    public async Task Emulator_stopped_mid_run_ends_the_command_with_what_is_left_and_no_project_started_after_the_loss()
    {
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 50 });
        var events = new ConcurrentQueue<AtlasDiagnosticEvent>();
        using var conn = Connect(server, o => { o.Diagnostics = events.Enqueue; o.MaxRetryDuration = TimeSpan.FromSeconds(30); });
        server.Faults.LatencyMs = 100;
        string? keyId = null;
        bool stopped = false;
        try
        {
            var run = ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
            {
                Description = "killed", Roles = new[] { "ORG_READ_ONLY" },
                ProjectIds = server.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" }, ThrottleLimit = Throttle,
            });
            // Stop Atlas once a few projects are done (polling the log, not timing anything).
            while (Logged(server, "POST", IsAssignment) < 4 && !run.IsCompleted) await Task.Delay(10);
            keyId = server.State.ApiKeys.Single(k => k.Description == "killed").Id;
            await server.DisposeAsync();
            stopped = true;
            int reached = server.Requests.Count(e => e.Method == "POST" && IsAssignment(e.Path));

            var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => run.WaitAsync(Generous));

            // Projects the client tried at all: those Atlas saw, plus at most the ones in flight when it went away.
            var tried = events.Where(e => e.Method == "POST" && IsAssignment(e.Path)).Select(e => e.Path).Distinct().Count();
            Assert.InRange(tried, reached, reached + 2 * Throttle);
            // The rollback could not reach Atlas either: the error names the key that is left and how to remove it.
            Assert.Equal("AtlasCreationRollbackFailed", ex.ErrorId);
            Assert.Contains($"Remove-AtlasApiKey -OrganizationId {server.Seed.OrgId} -ApiKeyId {keyId}", ex.Message);
            ShortAndNamesWhatIsLeft(ex.Message, 50);
        }
        finally
        {
            if (!stopped) await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Rollback_is_not_sent_once_the_retry_budget_is_spent()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 10 });
        // A clock on which every call takes a whole MaxRetryDuration: the first connection failure spends the budget.
        var clock = new SpendingClock(TimeSpan.FromMinutes(2));
        // The per-attempt timeout (Polly's, on the same clock) is set past every timer the clock fires: this test spends
        // the command's retry budget, not an attempt's time.
        using var conn = Connect(server, o => { o.TimeProvider = clock; o.MaxRetryDuration = TimeSpan.FromMinutes(2); o.RequestTimeout = SpendingClock.NeverFires; });
        CutProjectPosts(server);
        server.Faults.DropConnection("DELETE", $"orgs/{server.Seed.OrgId}/apiKeys/", DropTiming.BeforeHandler, 10_000);
        clock.Spend = true;

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "no budget left", Roles = new[] { "ORG_READ_ONLY" },
            ProjectIds = server.Seed.ProjectIds, ProjectRoles = new[] { "GROUP_READ_ONLY" }, ThrottleLimit = Throttle,
        }).WaitAsync(Generous));

        var key = server.State.ApiKeys.Single(k => k.Description == "no budget left");
        Assert.Equal(0, Logged(server, "DELETE", p => p.EndsWith("/apiKeys/" + key.Id, StringComparison.Ordinal)));
        Assert.Equal("AtlasCreationRollbackFailed", ex.ErrorId);
        Assert.Contains("retry budget", ex.Message);
        Assert.Contains($"Remove-AtlasApiKey -OrganizationId {server.Seed.OrgId} -ApiKeyId {key.Id}", ex.Message);
    }

    /// <summary>
    /// A clock that, once <see cref="Spend"/> is set, moves by <c>step</c> at every timestamp read and fires every timer
    /// at once (whatever waits on it has waited), except timers of <see cref="NeverFires"/> or longer. Before that it stands
    /// still and its timers never fire.
    /// </summary>
    private sealed class SpendingClock : TimeProvider
    {
        private readonly TimeSpan step;
        private long ticks = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        public SpendingClock(TimeSpan step) { this.step = step; }
        public volatile bool Spend;
        public static readonly TimeSpan NeverFires = TimeSpan.FromHours(1);
        private static bool Fires(TimeSpan dueTime) => dueTime != Timeout.InfiniteTimeSpan && dueTime < NeverFires;
        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => Spend ? Interlocked.Add(ref ticks, step.Ticks) : Interlocked.Read(ref ticks);
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new Timer(this, callback, state);
            if (Spend && Fires(dueTime)) ThreadPool.QueueUserWorkItem(_ => timer.Fire());
            return timer;
        }

        private sealed class Timer : ITimer
        {
            private readonly SpendingClock clock;
            private readonly TimerCallback callback;
            private readonly object? state;
            private int disposed;
            public Timer(SpendingClock clock, TimerCallback callback, object? state) { this.clock = clock; this.callback = callback; this.state = state; }
            public void Fire() { if (Volatile.Read(ref disposed) == 0) callback(state); }
            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                if (clock.Spend && Fires(dueTime)) ThreadPool.QueueUserWorkItem(_ => Fire());
                return true;
            }
            public void Dispose() => Interlocked.Exchange(ref disposed, 1);
            public ValueTask DisposeAsync() { Dispose(); return default; }
        }
    }
}
