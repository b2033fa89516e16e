using AtlasPS.Core.Secrets;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>A live emulator and a connection (seeded owner key) shared by the bad-input catalogue.</summary>
public sealed class BadInputFixture : IAsyncLifetime
{
    public EmulatorServer Server { get; private set; } = null!;
    public AtlasConnection Connection { get; private set; } = null!;
    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 2 });
        Connection = await ReliabilityKit.ApiKeyAsync(Server);
    }
    public async Task DisposeAsync()
    {
        Connection.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// A catalogue of bad input over the core entry points the cmdlets call (validation + workflows). Every case is refused
/// with a stable ErrorId (as AtlasErrorInfo reports it to PowerShell), a message that says how to fix it, and NOT ONE
/// request reaches the (live) emulator.
/// </summary>
public sealed class BadInputTests : IClassFixture<BadInputFixture>
{
    private const string Hex = "5f1a2b3c4d5e6f7a8b9c0d1e";
    private const string Cid = "mdb_sa_id_1234567890abcdef12345678";
    private readonly BadInputFixture fx;
    public BadInputTests(BadInputFixture fx) { this.fx = fx; }

    private sealed record Case(string ErrorId, string Phrase, Func<BadInputFixture, Task> Act);

    private static Task Key(BadInputFixture f, string? description = "bad input", IEnumerable<string>? roles = null, IEnumerable<string>? access = null,
        IEnumerable<string>? projects = null, IEnumerable<string>? projectRoles = null, int throttle = FanOut.DefaultThrottleLimit) =>
        ApiKeyWorkflows.CreateAsync(f.Connection, new NewApiKeyRequest
        {
            Description = description, Roles = roles ?? new[] { "ORG_READ_ONLY" }, AccessList = access, ProjectIds = projects, ProjectRoles = projectRoles, ThrottleLimit = throttle,
        });

    private static Task Sa(BadInputFixture f, string? name = "bad-input", string? description = "bad input", IEnumerable<string>? roles = null, int hours = 24,
        IEnumerable<string>? access = null) =>
        ServiceAccountWorkflows.CreateAsync(f.Connection, new NewServiceAccountRequest
        {
            Name = name, Description = description, Roles = roles ?? new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = hours, AccessList = access,
        });

    private static Task Entry(BadInputFixture f, string entry) =>
        AccessListEntryWorkflows.AddAsync(f.Connection, null, PrincipalRef.ApiKey(f.Server.Seed.OwnerApiKeyId), new[] { entry });

    private static async Task Drain<T>(IAsyncEnumerable<T> items) { await foreach (var _ in items) { } }

    private static Task Connect(BadInputFixture f, ConnectRequest r) => ConnectionWorkflows.ConnectAsync(r, _ => null);

    /// <summary>A connection object with no default organization or project (what a cmdlet sees before -OrganizationId).</summary>
    private static AtlasConnection Bare(BadInputFixture f) => new AtlasConnection(f.Connection.Client, null, null);

    private static Task Handoff(BadInputFixture f, InMemoryVault vault, string vaultName, string secretName, bool force = false) =>
        ApiKeyWorkflows.CreateAsync(f.Connection, new NewApiKeyRequest { Description = "vault input", Roles = new[] { "ORG_READ_ONLY" } },
            new CredentialHandoff(vault, vaultName, secretName, force), CancellationToken.None);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // ---- IPv4
        ["ipv4 octet 999"] = new("AtlasInvalidIpAddress", "four numbers 0-255", f => Entry(f, "999.1.1.1")),
        ["ipv4 three parts"] = new("AtlasInvalidIpAddress", "four numbers 0-255", f => Entry(f, "1.2.3")),
        ["ipv4 leading zero"] = new("AtlasInvalidIpAddress", "four numbers 0-255", f => Entry(f, "01.2.3.4")),
        ["ipv4 prefix 33"] = new("AtlasInvalidIpAddress", "from 0 to 32", f => Entry(f, "1.2.3.4/33")),
        ["ipv4 prefix not a number"] = new("AtlasInvalidIpAddress", "from 0 to 32", f => Entry(f, "10.0.0.0/x")),
        ["ipv4 non-canonical cidr"] = new("AtlasNonCanonicalCidr", "Did you mean 10.0.0.0/24", f => Entry(f, "10.0.0.1/24")),
        ["ipv4 non-canonical cidr at key create"] = new("AtlasNonCanonicalCidr", "Did you mean 192.168.0.0/16", f => Key(f, access: new[] { "192.168.1.1/16" })),
        ["ipv4 non-canonical cidr on a service account"] = new("AtlasNonCanonicalCidr", "Did you mean 172.16.0.0/12",
            f => ServiceAccountAccessListWorkflows.AddAsync(f.Connection, null, f.Server.Seed.ServiceAccountClientId, new[] { "172.16.5.4/12" })),
        ["ip empty entry"] = new("AtlasMissingValue", "Give the IP address or CIDR block", f => Entry(f, " ")),
        ["ip hostname"] = new("AtlasInvalidIpAddress", "Examples: 203.0.113.7", f => Entry(f, "atlas.example.com")),
        // ---- IPv6
        ["ipv6 bad group"] = new("AtlasInvalidIpAddress", "not a valid IPv6 address", f => Entry(f, "2001:db8::zz")),
        ["ipv6 too many groups"] = new("AtlasInvalidIpAddress", "not a valid IPv6 address", f => Entry(f, "1:2:3:4:5:6:7:8:9")),
        ["ipv6 zone index"] = new("AtlasInvalidIpAddress", "zone indexes", f => Entry(f, "fe80::1%eth0")),
        ["ipv6 prefix 129"] = new("AtlasInvalidIpAddress", "from 0 to 128", f => Entry(f, "2001:db8::/129")),
        ["ipv6 mapped ipv4"] = new("AtlasInvalidIpAddress", "give the IPv4 address 192.0.2.1 instead", f => Entry(f, "::ffff:192.0.2.1")),
        ["ipv6 non-canonical cidr"] = new("AtlasNonCanonicalCidr", "Did you mean 2001:db8::/64", f => Entry(f, "2001:db8::1/64")),
        // ---- ids
        ["key id too short"] = new("AtlasInvalidAPIKeyId", "24 hexadecimal characters", f => ApiKeyWorkflows.GetByIdAsync(f.Connection, null, "5f1a2b3c")),
        ["key id wrong alphabet"] = new("AtlasInvalidAPIKeyId", "24 hexadecimal characters", f => ApiKeyWorkflows.RemoveAsync(f.Connection, null, "zz1a2b3c4d5e6f7a8b9c0d1e")),
        ["public key as key id"] = new("AtlasPublicKeyGivenAsKeyId", "looks like an API key's public key", f => ApiKeyWorkflows.GetByIdAsync(f.Connection, null, "abcdefgh")),
        ["client id as key id"] = new("AtlasClientIdGivenAsKeyId", "Use -ClientId", f => ApiKeyWorkflows.UpdateAsync(f.Connection, null, Cid, "x", null)),
        ["key id as client id"] = new("AtlasKeyIdGivenAsClientId", "Use -ApiKeyId", f => ServiceAccountWorkflows.GetAsync(f.Connection, null, Hex)),
        ["client id malformed"] = new("AtlasInvalidClientId", "mdb_sa_id_", f => ServiceAccountWorkflows.DeleteAsync(f.Connection, null, "mdb_sa_id_xyz")),
        ["project id wrong length"] = new("AtlasInvalidProjectId", "24 hexadecimal characters",
            f => ProjectAccessWorkflows.GrantAsync(f.Connection, new[] { "12345" }, PrincipalRef.ApiKey(Hex), new[] { "GROUP_READ_ONLY" })),
        ["organization id wrong alphabet"] = new("AtlasInvalidOrganizationId", "Get-AtlasOrganization", f => Drain(ApiKeyWorkflows.ListAsync(f.Connection, "gggggggggggggggggggggggg"))),
        ["secret id malformed"] = new("AtlasInvalidSecretId", "24 hexadecimal characters", f => ServiceAccountSecretWorkflows.RemoveAsync(f.Connection, null, Cid, "secret-1")),
        ["key id empty"] = new("AtlasMissingValue", "Give the API key id", f => ApiKeyWorkflows.GetByIdAsync(f.Connection, null, "")),
        // ---- roles
        ["unknown organization role"] = new("AtlasUnknownOrganizationRole", "Valid roles: ORG_OWNER, ORG_MEMBER", f => Key(f, roles: new[] { "ORG_ADMIN" })),
        ["project role on an organization call"] = new("AtlasProjectRoleOnOrganization", "Grant-AtlasProjectAccess", f => Key(f, roles: new[] { "GROUP_READ_ONLY" })),
        ["organization role on a project call"] = new("AtlasOrganizationRoleOnProject", "takes project roles",
            f => ProjectAccessWorkflows.GrantAsync(f.Connection, new[] { f.Server.Seed.ProjectIds[0] }, PrincipalRef.ApiKey(Hex), new[] { "ORG_OWNER" })),
        ["organization role on a key's project assignment"] = new("AtlasOrganizationRoleOnProject", "takes project roles",
            f => Key(f, projects: new[] { f.Server.Seed.ProjectIds[0] }, projectRoles: new[] { "ORG_MEMBER" })),
        ["no organization role"] = new("AtlasMissingRole", "Give at least one organization role", f => Key(f, roles: Array.Empty<string>())),
        ["project role with a space"] = new("AtlasInvalidProjectRole", "upper-case words joined by underscores",
            f => ProjectAccessWorkflows.SetAsync(f.Connection, new[] { f.Server.Seed.ProjectIds[0] }, PrincipalRef.ApiKey(Hex), new[] { "read only" })),
        ["unknown project role"] = new("AtlasUnknownProjectRole", "Valid roles: GROUP_OWNER, GROUP_READ_ONLY",
            f => ProjectAccessWorkflows.GrantAsync(f.Connection, new[] { f.Server.Seed.ProjectIds[0] }, PrincipalRef.ApiKey(Hex), new[] { "GROUP_GOD" })),
        ["unknown project role on a new key"] = new("AtlasUnknownProjectRole", "Valid roles:",
            f => Key(f, projects: new[] { f.Server.Seed.ProjectIds[0] }, projectRoles: new[] { "GROUP_GOD" })),
        ["10,000-character address"] = new("AtlasInvalidIpAddress", "...' (10000 characters)", f => Key(f, access: new[] { new string('1', 10000) })),
        ["project role without a project"] = new("AtlasProjectRoleWithoutProject", "-ProjectId", f => Key(f, projectRoles: new[] { "GROUP_READ_ONLY" })),
        ["unknown role on service account update"] = new("AtlasUnknownOrganizationRole", "Valid roles:",
            f => ServiceAccountWorkflows.UpdateAsync(f.Connection, null, Cid, null, null, new[] { "ORG_SUPERUSER" })),
        // ---- text
        ["empty key description"] = new("AtlasEmptyDescription", "1 to 250 characters", f => Key(f, description: "")),
        ["key description 251 characters"] = new("AtlasDescriptionTooLong", "at most 250", f => Key(f, description: new string('d', 251))),
        ["service account name 65 characters"] = new("AtlasNameTooLong", "at most 64", f => Sa(f, name: new string('n', 65))),
        ["empty service account name"] = new("AtlasEmptyName", "1 to 64 characters", f => Sa(f, name: "  ")),
        ["service account name with a slash"] = new("AtlasInvalidName", "letters, digits, spaces", f => Sa(f, name: "ci/cd")),
        ["service account description 251 characters"] = new("AtlasDescriptionTooLong", "at most 250", f => Sa(f, description: new string('d', 251))),
        ["update with nothing to change"] = new("AtlasNothingToChange", "-Description and/or -Role", f => ApiKeyWorkflows.UpdateAsync(f.Connection, null, Hex, null, null)),
        // ---- secret lifetimes
        ["secret lifetime 0"] = new("AtlasInvalidSecretLifetime", "from 1 to 8760", f => Sa(f, hours: 0)),
        ["secret lifetime -1"] = new("AtlasInvalidSecretLifetime", "from 1 to 8760", f => Sa(f, hours: -1)),
        ["secret lifetime 8761"] = new("AtlasInvalidSecretLifetime", "from 1 to 8760", f => Sa(f, hours: 8761)),
        ["new secret lifetime 0"] = new("AtlasInvalidSecretLifetime", "from 1 to 8760", f => ServiceAccountSecretWorkflows.NewAsync(f.Connection, null, Cid, 0)),
        ["throttle limit 0"] = new("AtlasInvalidThrottleLimit", "-ThrottleLimit 0 is out of range", f => Key(f, throttle: 0)),
        // ---- connection
        ["http to a non-loopback host"] = new("AtlasInsecureBaseUri", "Use https://", f => Connect(f, new ConnectRequest
        {
            PublicKey = f.Server.Seed.PublicKey, PrivateKey = SecretText.FromString("not-sent"), BaseUri = new Uri("http://atlas.example.com"),
        })),
        ["relative base uri"] = new("AtlasInvalidBaseUri", "https://cloud.mongodb.com", f => Connect(f, new ConnectRequest
        {
            PublicKey = f.Server.Seed.PublicKey, PrivateKey = SecretText.FromString("not-sent"), BaseUri = new Uri("atlas/api", UriKind.Relative),
        })),
        ["no credential at all"] = new("AtlasNoCredential", "Pass -Credential", f => Connect(f, new ConnectRequest { BaseUri = f.Server.BaseUri })),
        ["public key without private key"] = new("AtlasMissingSecret", "Give both -PublicKey and -PrivateKey",
            f => Connect(f, new ConnectRequest { PublicKey = f.Server.Seed.PublicKey, BaseUri = f.Server.BaseUri })),
        ["no organization (not connected to one)"] = new("AtlasNoOrganization", "Connect-Atlas -OrganizationId", f => Drain(ApiKeyWorkflows.ListAsync(Bare(f), null))),
        ["no project (not connected to one)"] = new("AtlasNoProject", "Pass -ProjectId", f => Drain(ServiceAccountWorkflows.ListInProjectAsync(Bare(f), null, null))),
        // ---- vault hand-off preflight
        ["unknown vault"] = new("AtlasVaultNotFound", "Get-SecretVault lists the registered vaults", f => Handoff(f, new InMemoryVault("SecretStore"), "NoSuchVault", "atlas-ci")),
        ["SecretManagement not installed"] = new("AtlasSecretManagementNotInstalled", "Install-PSResource", f => Handoff(f, new InMemoryVault("SecretStore") { Installed = false }, "SecretStore", "atlas-ci")),
        ["locked vault"] = new("AtlasVaultUnavailable", "Unlock-SecretStore", f => Handoff(f, new InMemoryVault("SecretStore") { Locked = true }, "SecretStore", "atlas-ci")),
        ["vault secret name taken"] = new("AtlasSecretNameExists", "use -Force", f =>
        {
            var v = new InMemoryVault("SecretStore");
            v.Put("SecretStore", "atlas-ci", "someone", "older secret");
            return Handoff(f, v, "SecretStore", "atlas-ci");
        }),
        ["vault without secret name"] = new("AtlasVaultNeedsSecretName", "needs -SecretName", _ => { CredentialHandoff.IsRequested("SecretStore", null, false); return Task.CompletedTask; }),
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Refused_with_a_stable_id_and_a_fix_before_any_request(string name)
    {
        var c = Cases[name];
        int before = fx.Server.Requests.Count();
        int keys = fx.Server.State.ApiKeys.Count, accounts = fx.Server.State.ServiceAccounts.Count;

        var ex = await Record.ExceptionAsync(() => c.Act(fx));

        Assert.NotNull(ex);
        Assert.True(ex is AtlasValidationException || ex is AtlasVaultException, $"{name}: expected a refusal, got {ex!.GetType().Name}: {ex.Message}");
        var info = AtlasErrorInfo.From(ex);
        Assert.Equal(c.ErrorId, info.ErrorId);
        Assert.Contains(c.Phrase, info.Message);
        Assert.Equal(before, fx.Server.Requests.Count()); // not one request sent
        Assert.Equal(keys, fx.Server.State.ApiKeys.Count);
        Assert.Equal(accounts, fx.Server.State.ServiceAccounts.Count);
    }

    [Fact]
    public void The_catalogue_has_at_least_forty_cases_with_distinct_inputs()
    {
        Assert.True(Cases.Count >= 40, $"only {Cases.Count} cases");
        Assert.True(Cases.Values.Select(c => c.ErrorId).Distinct().Count() >= 25);
    }
}
