using AtlasPS.Core.Secrets;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>Connect-Atlas -Vault -SecretName: reading a stored credential back, with and without metadata.</summary>
public sealed class StoredCredentialReaderTests
{
    private const string V = "Vault1";
    private const string OrgId = "5f0123456789abcdef012345";

    private static Task<VaultCredential> Read(InMemoryVault vault, string name) => StoredCredentialReader.ReadAsync(vault, V, name, CancellationToken.None);

    [Fact]
    public async Task Public_key_user_name_gives_an_api_key_credential_with_org_and_base_url_from_metadata()
    {
        var vault = new InMemoryVault(V);
        vault.Put(V, "k", "abcdefgh", "11111111-2222-3333-4444-555555555555", new Dictionary<string, object>
        {
            [CredentialMetadata.OrgId] = OrgId, [CredentialMetadata.BaseUrl] = "https://cloud.mongodbgov.com",
        });
        var r = await Read(vault, "k");
        var c = Assert.IsType<ApiKeyCredential>(r.Credential);
        Assert.Equal("abcdefgh", c.PublicKey);
        Assert.Equal("11111111-2222-3333-4444-555555555555", SecretsEmulator.Reveal(c.PrivateKey));
        Assert.Equal(OrgId, r.OrganizationId);
        Assert.Equal(new Uri("https://cloud.mongodbgov.com"), r.BaseUri);
        Assert.Equal("Vault1/k", r.Location);
        Assert.DoesNotContain("1111", r.ToString());
    }

    [Fact]
    public async Task Client_id_user_name_gives_a_service_account_credential_and_works_without_metadata()
    {
        var vault = new InMemoryVault(V) { SupportsMetadata = false };
        vault.Put(V, "sa", "mdb_sa_id_0123456789abcdef01234567", "mdb_sa_sk_secret");
        var r = await Read(vault, "sa");
        var c = Assert.IsType<ServiceAccountCredential>(r.Credential);
        Assert.Equal("mdb_sa_id_0123456789abcdef01234567", c.ClientId);
        Assert.Null(r.OrganizationId);
        Assert.Null(r.BaseUri);
        Assert.Null(r.Expires);
    }

    [Fact]
    public async Task Missing_secret_says_how_to_list_them()
    {
        var ex = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(new InMemoryVault(V), "nope"));
        Assert.Equal("AtlasSecretNotFound", ex.ErrorId);
        Assert.Equal(AtlasErrorCategory.ObjectNotFound, ex.Category);
        Assert.Contains("Get-SecretInfo -Vault Vault1", ex.Message);
    }

    [Fact]
    public async Task A_bare_secure_string_is_not_a_credential()
    {
        var vault = new InMemoryVault(V);
        vault.Put(V, "bare", null, "private-key-only");
        var ex = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(vault, "bare"));
        Assert.Equal("AtlasSecretNotCredential", ex.ErrorId);
        Assert.Contains("PSCredential", ex.Message);
        Assert.DoesNotContain("private-key-only", ex.ToString());
    }

    [Fact]
    public async Task A_malformed_client_id_is_reported_without_the_secret()
    {
        var vault = new InMemoryVault(V);
        vault.Put(V, "bad", "mdb_sa_id_nothex", "the-secret-value");
        var ex = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(vault, "bad"));
        Assert.Equal("AtlasSecretNotCredential", ex.ErrorId);
        Assert.DoesNotContain("the-secret-value", ex.ToString());
    }

    [Fact]
    public async Task Missing_module_unknown_and_locked_vaults_have_their_own_errors()
    {
        var e1 = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(new InMemoryVault(V) { Installed = false }, "k"));
        Assert.Equal("AtlasSecretManagementNotInstalled", e1.ErrorId);
        Assert.Contains("Install-PSResource Microsoft.PowerShell.SecretManagement", e1.Message);
        var e2 = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(new InMemoryVault("Other"), "k"));
        Assert.Equal("AtlasVaultNotFound", e2.ErrorId);
        var e3 = await Assert.ThrowsAsync<AtlasVaultException>(() => Read(new InMemoryVault(V) { Locked = true }, "k"));
        Assert.Equal("AtlasVaultUnavailable", e3.ErrorId);
        Assert.Contains("Unlock-SecretStore", e3.Message);
    }

    [Fact]
    public void Metadata_values_are_only_types_SecretManagement_accepts()
    {
        var m = CredentialMetadata.Build("ServiceAccount", OrgId, clientId: "mdb_sa_id_0123456789abcdef01234567", secretId: "0123456789abcdef01234567",
            roles: new[] { "ORG_MEMBER", "ORG_BILLING_ADMIN" }, description: "ci", created: DateTimeOffset.UtcNow, expires: DateTimeOffset.UtcNow.AddDays(1),
            baseUri: new Uri("https://cloud.mongodb.com/api/atlas/v2"));
        Assert.All(m.Values, v => Assert.True(v is string or int or DateTime));
        Assert.Equal("ORG_MEMBER,ORG_BILLING_ADMIN", m[CredentialMetadata.Roles]);
        Assert.Equal("https://cloud.mongodb.com", m[CredentialMetadata.BaseUrl]);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)m[CredentialMetadata.Expires]).Kind);
    }
}

public sealed class HandoffParameterTests
{
    [Theory]
    [InlineData(null, null, false, null)]
    [InlineData("V", "n", false, "yes")]
    [InlineData("V", "n", true, "yes")]
    [InlineData("V", null, false, "AtlasVaultNeedsSecretName")]
    [InlineData(null, "n", false, "AtlasSecretNameNeedsVault")]
    [InlineData(null, null, true, "AtlasForceNeedsVault")]
    public void Vault_SecretName_and_Force_come_together_or_not_at_all(string? vault, string? name, bool force, string? expected)
    {
        if (expected is null) Assert.False(CredentialHandoff.IsRequested(vault, name, force));
        else if (expected == "yes") Assert.True(CredentialHandoff.IsRequested(vault, name, force));
        else Assert.Equal(expected, Assert.Throws<AtlasValidationException>(() => CredentialHandoff.IsRequested(vault, name, force)).ErrorId);
    }
}
