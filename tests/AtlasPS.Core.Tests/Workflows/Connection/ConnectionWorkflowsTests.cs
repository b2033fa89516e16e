using Xunit;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using AtlasPS.Core.Workflows;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Workflows;

public class ConnectionWorkflowsTests
{
    [Fact]
    public async Task Connects_from_environment_variables_and_takes_the_only_organization_as_default()
    {
        await using var server = await StartAsync();
        var env = Env(new()
        {
            [ConnectionWorkflows.EnvPublicKey] = server.Seed.PublicKey,
            [ConnectionWorkflows.EnvPrivateKey] = server.Seed.PrivateKey,
            [ConnectionWorkflows.EnvBaseUrl] = server.BaseUri.ToString(),
            [ConnectionWorkflows.EnvProjectId] = server.Seed.ProjectIds[1],
        });

        using var conn = await ConnectionWorkflows.ConnectAsync(new ConnectRequest { ConfigureOptions = FastRetries }, env);

        Assert.Equal(AtlasAuthKind.ApiKey, conn.AuthenticationType);
        Assert.Equal(server.Seed.PublicKey, conn.Identity);
        Assert.Equal(server.Seed.OrgId, conn.OrganizationId);
        Assert.Equal(server.Seed.OrgName, conn.OrganizationName);
        Assert.Equal(server.Seed.ProjectIds[1], conn.ProjectId);
        Assert.Equal(server.BaseUri.Port, conn.BaseUri.Port);
        Assert.DoesNotContain(server.Seed.PrivateKey, conn.ToString());
    }

    [Fact]
    public async Task Older_ops_manager_url_and_explicit_org_are_honoured()
    {
        await using var server = await StartAsync();
        var env = Env(new()
        {
            [ConnectionWorkflows.EnvPublicKey] = server.Seed.PublicKey,
            [ConnectionWorkflows.EnvPrivateKey] = server.Seed.PrivateKey,
            [ConnectionWorkflows.EnvOpsManagerUrl] = server.BaseUri.ToString(),
            [ConnectionWorkflows.EnvOrgId] = server.Seed.OrgId,
        });
        using var conn = await ConnectionWorkflows.ConnectAsync(new ConnectRequest { ConfigureOptions = FastRetries }, env);
        Assert.Equal(server.Seed.OrgId, conn.OrganizationId);
    }

    [Fact]
    public async Task Wrong_private_key_names_the_public_key_and_never_the_secret()
    {
        await using var server = await StartAsync();
        const string wrong = "11111111-2222-3333-4444-555555555555";

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ConnectionWorkflows.ConnectAsync(ApiKeyRequest(server, wrong), _ => null));

        Assert.Equal("AtlasAuthenticationFailed", ex.ErrorId);
        Assert.Contains(server.Seed.PublicKey, ex.Message);
        Assert.Contains("private key", ex.Message);
        Assert.DoesNotContain(wrong, ex.ToString());
        Assert.DoesNotContain(server.Seed.PrivateKey, ex.ToString());
        Assert.Equal(AtlasErrorCategory.AuthenticationError, AtlasErrorInfo.From(ex).Category);
    }

    [Fact]
    public async Task Address_not_on_the_access_list_says_to_add_this_machine()
    {
        await using var server = await StartAsync();
        server.State.AddApiKeyAccessListEntry(server.Seed.OwnerApiKeyId, "203.0.113.1");

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ConnectionWorkflows.ConnectAsync(ApiKeyRequest(server), _ => null));

        Assert.Equal("AtlasAddressNotOnAccessList", ex.ErrorId);
        Assert.Contains("access list", ex.Message);
        Assert.Contains("this machine", ex.Message);
        Assert.Equal(AtlasErrorCategory.PermissionDenied, AtlasErrorInfo.From(ex).Category);
    }

    [Fact]
    public async Task Nothing_listening_says_to_check_BaseUri()
    {
        int port;
        using (var l = new TcpListener(IPAddress.Loopback, 0)) { l.Start(); port = ((IPEndPoint)l.LocalEndpoint).Port; l.Stop(); }
        var request = new ConnectRequest
        {
            PublicKey = "abcdefgh", PrivateKey = Secure("11111111-2222-3333-4444-555555555555"),
            BaseUri = new Uri($"http://127.0.0.1:{port}/"), ConfigureOptions = FastRetries,
        };
        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => ConnectionWorkflows.ConnectAsync(request, _ => null));
        Assert.Equal("AtlasConnectionFailed", ex.ErrorId);
        Assert.Contains("-BaseUri", ex.Message);
        Assert.Equal(AtlasErrorCategory.ConnectionError, AtlasErrorInfo.From(ex).Category);
    }

    [Fact]
    public async Task Access_token_mode_connects_with_a_bearer_token()
    {
        await using var server = await StartAsync();
        using var http = new HttpClient();
        var req = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUri, "/api/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        req.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes(server.Seed.ServiceAccountClientId + ":" + server.Seed.ClientSecret)));
        var resp = await http.SendAsync(req);
        resp.EnsureSuccessStatusCode();
        var token = JsonDocument.Parse(await resp.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;

        using var conn = await ConnectionWorkflows.ConnectAsync(new ConnectRequest { AccessToken = Secure(token), BaseUri = server.BaseUri, ConfigureOptions = FastRetries }, _ => null);

        Assert.Equal(AtlasAuthKind.AccessToken, conn.AuthenticationType);
        Assert.Equal(server.Seed.OrgId, conn.OrganizationId);
    }

    [Fact]
    public void Credential_user_name_decides_between_service_account_and_api_key()
    {
        var sa = ConnectionWorkflows.Resolve(new ConnectRequest { CredentialUserName = "mdb_sa_id_0123456789abcdef01234567", CredentialPassword = Secure("s") }, _ => null);
        Assert.Equal(AtlasAuthKind.ServiceAccount, sa.Credential.Kind);
        var key = ConnectionWorkflows.Resolve(new ConnectRequest { CredentialUserName = "abcdefgh", CredentialPassword = Secure("s") }, _ => null);
        Assert.Equal(AtlasAuthKind.ApiKey, key.Credential.Kind);
        Assert.Equal(AtlasClientOptions.DefaultBaseUri, key.BaseUri);
    }

    [Fact]
    public void Explicit_values_beat_the_environment_and_service_account_variables_work()
    {
        var env = Env(new()
        {
            [ConnectionWorkflows.EnvClientId] = "mdb_sa_id_0123456789abcdef01234567",
            [ConnectionWorkflows.EnvClientSecret] = "mdb_sa_sk_secret",
            [ConnectionWorkflows.EnvOrgId] = "aaaaaaaaaaaaaaaaaaaaaaaa",
        });
        var fromEnv = ConnectionWorkflows.Resolve(new ConnectRequest(), env);
        Assert.Equal(AtlasAuthKind.ServiceAccount, fromEnv.Credential.Kind);
        Assert.Equal("aaaaaaaaaaaaaaaaaaaaaaaa", fromEnv.OrganizationId);
        Assert.DoesNotContain("mdb_sa_sk_secret", fromEnv.ToString());

        var explicitOne = ConnectionWorkflows.Resolve(new ConnectRequest { PublicKey = "abcdefgh", PrivateKey = Secure("p"), OrganizationId = "bbbbbbbbbbbbbbbbbbbbbbbb" }, env);
        Assert.Equal(AtlasAuthKind.ApiKey, explicitOne.Credential.Kind);
        Assert.Equal("bbbbbbbbbbbbbbbbbbbbbbbb", explicitOne.OrganizationId);
    }

    [Theory]
    [InlineData(ConnectionWorkflows.EnvPublicKey, "AtlasIncompleteEnvironmentCredential")]
    [InlineData(ConnectionWorkflows.EnvClientSecret, "AtlasIncompleteEnvironmentCredential")]
    [InlineData("NOTHING", "AtlasNoCredential")]
    public void Missing_credentials_are_explained(string onlyVar, string errorId)
    {
        var ex = Assert.Throws<AtlasValidationException>(() => ConnectionWorkflows.Resolve(new ConnectRequest(), Env(new() { [onlyVar] = "x" })));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("MONGODB_ATLAS_", ex.Message);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_and_two_credentials_are_refused()
    {
        var http = Assert.Throws<AtlasValidationException>(() => ConnectionWorkflows.Resolve(
            new ConnectRequest { PublicKey = "abcdefgh", PrivateKey = Secure("p"), BaseUri = new Uri("http://atlas.example.com") }, _ => null));
        Assert.Equal("AtlasInsecureBaseUri", http.ErrorId);
        var two = Assert.Throws<AtlasValidationException>(() => ConnectionWorkflows.Resolve(
            new ConnectRequest { PublicKey = "abcdefgh", PrivateKey = Secure("p"), ClientId = "mdb_sa_id_0123456789abcdef01234567", ClientSecret = Secure("s") }, _ => null));
        Assert.Equal("AtlasAmbiguousCredential", two.ErrorId);
    }
}
