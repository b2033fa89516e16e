using System.Net;
using System.Reflection;
using System.Security;
using System.Text;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Suites.ReliabilityKit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>An emulator whose seeded private key and client secret are canaries.</summary>
public sealed class HygieneEmulator : IAsyncLifetime
{
    public const string SeedPrivateKey = "c0ffee00-cafe-4bad-beef-hygiene00001";
    public const string SeedClientSecret = "mdb_sa_sk_hygieneseedsecret000000000000000000000";
    public EmulatorServer Server { get; private set; } = null!;
    public async Task InitializeAsync() =>
        Server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 2, SeedPrivateKey = SeedPrivateKey, SeedClientSecret = SeedClientSecret });
    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Secrets (private keys, client secrets, canaries in error answers) never appear in what AtlasPS returns or reports:
/// diagnostics events, returned objects (ToString and every public property), exceptions (Message, ToString, inner),
/// across every workflow path, including failures, faults and rollbacks. The one-time secrets are revealed only inside
/// the test (from their SecureString) to serve as canaries.
/// </summary>
public sealed class SecretHygieneTests : IClassFixture<HygieneEmulator>
{
    private readonly EmulatorServer server;
    private string Org => server.Seed.OrgId;

    public SecretHygieneTests(HygieneEmulator fx) { server = fx.Server; server.Faults.Reset(); }

    private static async Task<Exception> Capture(SecretScan scan, Func<Task> action)
    {
        var ex = await Record.ExceptionAsync(action);
        Assert.NotNull(ex);
        scan.Object(ex);
        scan.Text(ex!.ToString());
        return ex;
    }

    private static async Task<List<T>> All<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var i in items) list.Add(i);
        return list;
    }

    [Fact]
    public async Task Every_workflow_path_with_diagnostics_on_leaks_no_secret()
    {
        var scan = new SecretScan();
        var events = new List<string>();
        scan.Canary(HygieneEmulator.SeedPrivateKey);
        scan.Canary(HygieneEmulator.SeedClientSecret);
        using var conn = await ApiKeyAsync(server, events: events);
        using var oauth = await ServiceAccountAsync(server, events: events);
        var p = server.Seed.ProjectIds;

        // create: a key and a service account with access lists, projects; their one-time secrets become canaries
        var key = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest
        {
            Description = "hygiene key", Roles = new[] { "ORG_OWNER" }, AccessList = new[] { "127.0.0.1", "203.0.113.0/24" },
            ProjectIds = p, ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });
        scan.Canary(Reveal(key.PrivateKey!));
        var sa = await ServiceAccountWorkflows.CreateAsync(oauth, new NewServiceAccountRequest
        {
            Name = "hygiene-sa", Description = "hygiene", Roles = new[] { "ORG_OWNER" }, SecretExpiresAfterHours = 48,
            AccessList = new[] { "127.0.0.1", "::1" }, ProjectIds = p.Take(1), ProjectRoles = new[] { "GROUP_READ_ONLY" },
        });
        scan.Canary(Reveal(sa.Secrets[0].Secret!));
        var second = await ServiceAccountSecretWorkflows.NewAsync(conn, null, sa.ClientId, 24);
        scan.Canary(Reveal(second.Secret!));
        scan.Object(key); scan.Object(sa); scan.Object(second);

        // read, change, access lists and project access, through both sign-in kinds
        scan.Object(await All(ApiKeyWorkflows.ListAsync(conn, null)));
        scan.Object(await All(ApiKeyWorkflows.ListAsync(oauth, null, descriptionPatterns: new[] { "hygiene*" })));
        scan.Object(await ApiKeyWorkflows.GetByIdAsync(conn, null, key.Id));
        scan.Object(await ApiKeyWorkflows.GetByPublicKeyAsync(oauth, null, key.PublicKey));
        scan.Object(await ApiKeyWorkflows.UpdateAsync(conn, null, key.Id, "hygiene key v2", new[] { "ORG_OWNER", "ORG_READ_ONLY" }));
        scan.Object(await AccessListEntryWorkflows.AddAsync(conn, null, PrincipalRef.ApiKey(key.Id), new[] { "198.51.100.7" }));
        scan.Object(await All(AccessListEntryWorkflows.ListAsync(conn, null, PrincipalRef.ApiKey(key.Id))));
        scan.Object(await AccessListEntryWorkflows.RemoveAsync(conn, null, PrincipalRef.ApiKey(key.Id), new[] { "198.51.100.7" }));
        scan.Object(await ProjectAccessWorkflows.GetAsync(conn, p[0]));
        scan.Object(await ProjectAccessWorkflows.SetAsync(conn, new[] { p[0] }, PrincipalRef.ApiKey(key.Id), new[] { "GROUP_OWNER" }));
        scan.Object(await ProjectAccessWorkflows.RevokeAsync(conn, new[] { p[1] }, PrincipalRef.ApiKey(key.Id), null));
        scan.Object(await All(ServiceAccountWorkflows.ListAsync(oauth, null)));
        scan.Object(await ServiceAccountWorkflows.GetAsync(conn, null, sa.ClientId));
        scan.Object(await ServiceAccountWorkflows.UpdateAsync(oauth, null, sa.ClientId, null, "hygiene v2", null));
        scan.Object(await ServiceAccountSecretWorkflows.GetAsync(conn, null, sa.ClientId));
        scan.Object(await ServiceAccountAccessListWorkflows.AddAsync(conn, null, sa.ClientId, new[] { "192.0.2.9" }));
        scan.Object(await All(ServiceAccountAccessListWorkflows.ListAsync(conn, null, sa.ClientId)));
        scan.Object(await All(ServiceAccountProjectAccessWorkflows.ListAsync(conn, null, sa.ClientId)));
        scan.Object(await ServiceAccountProjectAccessWorkflows.GrantAsync(conn, null, sa.ClientId, new[] { p[1] }, new[] { "GROUP_READ_ONLY" }));

        // sign in AS the new credentials (digest with the new private key, OAuth with the new secret)
        using (var asKey = await ConnectionWorkflows.ConnectAsync(new ConnectRequest
        {
            PublicKey = key.PublicKey, PrivateKey = key.PrivateKey, BaseUri = server.BaseUri, ConfigureOptions = o => { Fast(o); o.Diagnostics = e => { lock (events) events.Add(e.ToString()); }; },
        }, _ => null))
        {
            scan.Object(asKey);
            scan.Object(await All(ServiceAccountWorkflows.ListAsync(asKey, Org)));
        }
        using (var asSa = await ConnectionWorkflows.ConnectAsync(new ConnectRequest
        {
            ClientId = sa.ClientId, ClientSecret = second.Secret, BaseUri = server.BaseUri, OrganizationId = Org,
            ConfigureOptions = o => { Fast(o); o.Diagnostics = e => { lock (events) events.Add(e.ToString()); }; },
        }, _ => null))
        {
            scan.Object(asSa);
            scan.Object(await All(ApiKeyWorkflows.ListAsync(asSa, null)));
        }

        // failures: wrong secrets (canaries), 404s, a refused create, faults with a lost answer and a rollback
        const string wrongKey = "c0ffee00-wrong-private-key-canary";
        const string wrongSecret = "mdb_sa_sk_wrongsecretcanary0000000000000000";
        scan.Canary(wrongKey); scan.Canary(wrongSecret);
        await Capture(scan, () => ConnectionWorkflows.ConnectAsync(new ConnectRequest { PublicKey = server.Seed.PublicKey, PrivateKey = SecretText.FromString(wrongKey), BaseUri = server.BaseUri, ConfigureOptions = Fast }, _ => null));
        await Capture(scan, () => ConnectionWorkflows.ConnectAsync(new ConnectRequest { ClientId = server.Seed.ServiceAccountClientId, ClientSecret = SecretText.FromString(wrongSecret), BaseUri = server.BaseUri, OrganizationId = Org, ConfigureOptions = Fast }, _ => null));
        await Capture(scan, () => ApiKeyWorkflows.GetByIdAsync(conn, null, "0123456789abcdef01234567"));
        await Capture(scan, () => ServiceAccountWorkflows.GetAsync(oauth, null, "mdb_sa_id_0123456789abcdef01234567"));
        server.State.ConfigureOrg(maxServiceAccountSecretValidityInHours: 24);
        await Capture(scan, () => ServiceAccountWorkflows.CreateAsync(conn, new NewServiceAccountRequest { Name = "too-long-lived", Description = "x", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 48 }));
        server.State.ConfigureOrg(maxServiceAccountSecretValidityInHours: 8760);
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys", DropTiming.AfterHandler, 1);
        var reconciled = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "hygiene lost answer", Roles = new[] { "ORG_READ_ONLY" } });
        scan.Canary(Reveal(reconciled.PrivateKey!));
        scan.Object(reconciled);
        server.Faults.DropConnection("POST", $"orgs/{Org}/apiKeys/", DropTiming.BeforeHandler, 1);
        await Capture(scan, () => ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "hygiene rollback", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "203.0.113.3" } }));
        server.Faults.DropConnection("DELETE", $"orgs/{Org}/serviceAccounts/", DropTiming.BeforeHandler, 50);
        var vault = new InMemoryVault("SecretStore") { FailSetSecret = "vault write failed" };
        var handoffEx = await Capture(scan, () => ServiceAccountWorkflows.CreateAsync(conn,
            new NewServiceAccountRequest { Name = "hygiene-unstored", Description = "x", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24 },
            new CredentialHandoff(vault, "SecretStore", "hygiene-unstored", false, scan.Text), CancellationToken.None));
        server.Faults.Reset();
        var unstored = (handoffEx as AtlasWorkflowException)?.TargetObject as UnstoredCredential;
        Assert.NotNull(unstored); // the last resort: the secret only in the SecureString of the error's TargetObject
        scan.Canary(Reveal(unstored!.Secret));
        await ServiceAccountWorkflows.DeleteAsync(conn, null, unstored.CredentialId);

        // delete everything
        await ServiceAccountSecretWorkflows.RemoveAsync(conn, null, sa.ClientId, second.Id);
        await ServiceAccountWorkflows.DeleteAsync(conn, null, sa.ClientId);
        await ApiKeyWorkflows.RemoveAsync(conn, null, key.Id);
        await ApiKeyWorkflows.RemoveAsync(conn, null, reconciled.Id);
        scan.Object(conn); scan.Object(oauth);

        lock (events) foreach (var e in events) scan.Text(e);
        Assert.True(events.Count > 60, $"diagnostics saw {events.Count} events");
        Assert.Equal(9, scan.Canaries.Count);
        Assert.Empty(scan.Leaks());
    }

    /// <summary>
    /// Transport-level fault (below every AtlasPS handler): the emulator's answer to one request is replaced by an error
    /// answer that echoes secrets, the way a misbehaving proxy or gateway might.
    /// </summary>
    private sealed class EchoingErrorHandler : DelegatingHandler
    {
        private readonly string body; private readonly string contentType; private readonly int status;
        public int Replaced;
        public EchoingErrorHandler(int status, string body, string contentType) : base(new SocketsHttpHandler { AllowAutoRedirect = false })
        { this.status = status; this.body = body; this.contentType = contentType; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var real = await base.SendAsync(request, ct);
            if (request.Method != HttpMethod.Get || !request.RequestUri!.AbsolutePath.Contains("/apiKeys/", StringComparison.Ordinal) || real.StatusCode == HttpStatusCode.Unauthorized) return real;
            real.Dispose();
            Interlocked.Increment(ref Replaced);
            return new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = request, Content = new StringContent(body, Encoding.UTF8, contentType) };
        }
    }

    public static IEnumerable<object[]> EchoingAnswers => new[]
    {
        // JSON without detail/reason: the whole body used to become the message
        new object[] { 400, "{\"error\":400,\"errorCode\":\"INVALID_ATTRIBUTE\",\"access_token\":\"eyJcanaryaccesstoken0001\",\"client_secret\":\"mdb_sa_sk_canaryecho0001\"}", "application/json" },
        // JSON with the secret in a field next to the detail
        new object[] { 401, "{\"error\":401,\"detail\":\"Bad credentials\",\"reason\":\"Unauthorized\",\"privateKey\":\"c0ffee00-echo-canary-0002\",\"parameters\":[{\"token\":\"eyJcanaryparam0002\"}]}", "application/json" },
        // not an Atlas document: a proxy echoing the form it received
        new object[] { 502, "grant_type=client_credentials&client_secret=mdb_sa_sk_canaryform0003&token=eyJcanaryform0003", "text/plain" },
    };

    [Theory]
    [MemberData(nameof(EchoingAnswers))]
    public async Task An_error_answer_echoing_secrets_is_redacted_in_the_exception_and_diagnostics(int status, string body, string contentType)
    {
        var scan = new SecretScan();
        foreach (var c in new[] { "eyJcanaryaccesstoken0001", "mdb_sa_sk_canaryecho0001", "c0ffee00-echo-canary-0002", "eyJcanaryparam0002", "mdb_sa_sk_canaryform0003", "eyJcanaryform0003" })
            if (body.Contains(c)) scan.Canary(c);
        var events = new List<string>();
        var echo = new EchoingErrorHandler(status, body, contentType);
        using var conn = await ApiKeyAsync(server, o => { o.InnerHandler = echo; o.MaxRetryDuration = TimeSpan.FromMilliseconds(300); }, events);

        var ex = await Capture(scan, () => ApiKeyWorkflows.GetByIdAsync(conn, null, server.Seed.OwnerApiKeyId));

        Assert.True(echo.Replaced >= 1);
        var api = Assert.IsType<AtlasApiException>(ex);
        Assert.Equal(status, api.StatusCode);
        Assert.Contains("redacted", api.Message + " " + string.Join(" ", api.Parameters) + " " + string.Join(" ", events)); // redacted, not silently dropped
        scan.Text(AtlasErrorInfo.From(ex, "ApiKey").Message);
        lock (events) foreach (var e in events) scan.Text(e);
        Assert.Empty(scan.Leaks());
    }

    [Fact]
    public void ToString_of_every_public_type_and_of_connections_and_credentials_shows_no_secret()
    {
        const string canary = "c0ffee00-tostring-canary-secret";
        var scan = new SecretScan();
        scan.Canary(canary);
        var asm = typeof(AtlasConnection).Assembly;
        int checkedTypes = 0;
        foreach (var t in asm.GetExportedTypes().Where(t => t.Namespace != null && t.Namespace.StartsWith("AtlasPS", StringComparison.Ordinal)))
        {
            if (t.IsAbstract || t.IsInterface || t.IsGenericTypeDefinition || t.IsEnum || typeof(Delegate).IsAssignableFrom(t)) continue;
            var ctor = t.GetConstructor(Type.EmptyTypes);
            if (ctor == null) continue;
            object o;
            try { o = ctor.Invoke(null); } catch { continue; }
            foreach (var prop in t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic))
            {
                try
                {
                    if (prop.PropertyType == typeof(SecureString)) prop.SetValue(o, SecretText.FromString(canary));
                    else if (prop.PropertyType == typeof(string)) prop.SetValue(o, "x");
                }
                catch (TargetInvocationException) { /* a setter that validates */ }
            }
            scan.Object(o);
            checkedTypes++;
        }
        var secret = SecretText.FromString(canary);
        var credentials = new AtlasCredential[]
        {
            new ApiKeyCredential("abcdefgh", secret), new ServiceAccountCredential("mdb_sa_id_1234567890abcdef12345678", secret), new AccessTokenCredential(secret),
        };
        foreach (var c in credentials)
        {
            scan.Object(c);
            var client = new AtlasClient(new AtlasClientOptions { BaseUri = server.BaseUri, Credential = c });
            using var conn = new AtlasConnection(client, Org, null);
            scan.Object(conn);
        }
        scan.Object(new StoredCredential("abcdefgh", secret));
        scan.Object(new UnstoredCredential("id", "abcdefgh", secret, "API key id", "SecretStore", "name"));
        scan.Object(new AtlasWorkflowException("AtlasX", "failed", null, new UnstoredCredential("id", "abcdefgh", secret, "API key id", "SecretStore", "name")));

        Assert.True(checkedTypes >= 10, $"only {checkedTypes} public types were constructed");
        Assert.True(scan.TextCount > 50);
        Assert.Empty(scan.Leaks());
    }

    [Fact]
    public void SecretText_keeps_its_promises_about_buffers()
    {
        // FromChars copies: the caller may (and should) clear its own array, and the SecureString keeps the secret.
        var chars = "c0ffee00-buffer-canary".ToCharArray();
        using var s = SecretText.FromChars(chars);
        Array.Clear(chars, 0, chars.Length);
        Assert.All(chars, c => Assert.Equal('\0', c));
        Assert.Equal("c0ffee00-buffer-canary", Reveal(s));
        Assert.True(s.IsReadOnly()); // nobody can append to a secret AtlasPS hands out
        Assert.Throws<InvalidOperationException>(() => s.AppendChar('x'));

        // ToUtf8 hands the caller a fresh array (the caller zeroes it, as the digest and OAuth handlers do in finally).
        byte[] a = SecretText.ToUtf8(s), b = SecretText.ToUtf8(s);
        Assert.NotSame(a, b);
        Assert.Equal(Encoding.UTF8.GetBytes("c0ffee00-buffer-canary"), a);
        Array.Clear(a, 0, a.Length);
        Assert.Equal(Encoding.UTF8.GetBytes("c0ffee00-buffer-canary"), b); // clearing one copy does not touch the secret
        Assert.Equal("c0ffee00-buffer-canary", Reveal(s));

        Assert.True(SecretText.AreEqual(s, SecretText.FromString("c0ffee00-buffer-canary")));
        Assert.False(SecretText.AreEqual(s, SecretText.FromString("c0ffee00-buffer-canarY")));
        Assert.True(SecretText.Contains(SecretText.FromString("****-abc"), '*'));
    }
}
