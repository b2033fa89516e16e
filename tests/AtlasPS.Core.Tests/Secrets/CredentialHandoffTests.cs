using AtlasPS.Core.Secrets;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// The create-and-store workflow end to end: real API keys and service-account secrets in the emulator, an in-memory
/// vault failing at each step. Each test checks the error a user sees, what exists in Atlas afterwards and what
/// exists in the vault afterwards.
/// </summary>
public sealed class CredentialHandoffTests : IClassFixture<SecretsEmulator>
{
    private const string V = "SecretStore";
    private readonly SecretsEmulator atlas;

    public CredentialHandoffTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    private sealed record Outcome(ApiKey? Key, HandoffResult? Result, Exception? Error, List<string> Warnings, int CreateCalls, string? CreatedId, string? CreatedSecret);

    /// <summary>New-AtlasApiKey -Vault V -SecretName name, as the cmdlet would run it.</summary>
    private async Task<Outcome> NewApiKey(InMemoryVault vault, string name, string desc, bool force = false)
    {
        var warnings = new List<string>();
        int creates = 0;
        string? id = null, secret = null;
        HandoffResult? result = null;
        try
        {
            var handoff = new CredentialHandoff(vault, V, name, force, warnings.Add);
            var key = await handoff.CreateAndStoreAsync(
                async ct =>
                {
                    creates++;
                    var k = await atlas.Client.ApiKeys.CreateAsync(atlas.OrgId, desc, new[] { "ORG_READ_ONLY" }, ct);
                    id = k.Id;
                    secret = SecretsEmulator.Reveal(k.PrivateKey!);
                    return k;
                },
                k => AtlasHandoffs.ForApiKey(atlas.Client, k),
                (k, r) => { result = r; AtlasHandoffs.MarkStored(k, r); },
                CancellationToken.None);
            return new Outcome(key, result, null, warnings, creates, id, secret);
        }
        catch (Exception ex)
        {
            return new Outcome(null, null, ex, warnings, creates, id, secret);
        }
    }

    [Fact]
    public async Task Stores_a_new_api_key_as_a_credential_then_metadata_and_returns_it_without_the_private_key()
    {
        var vault = new InMemoryVault(V);
        var o = await NewApiKey(vault, "atlas-ok", SecretsEmulator.Desc("ok"));

        Assert.Null(o.Error);
        Assert.NotNull(o.Key);
        Assert.Null(o.Key!.PrivateKey);
        Assert.Equal("SecretStore/atlas-ok", o.Key.StoredIn);
        Assert.True(o.Result!.MetadataStored);
        Assert.Empty(o.Warnings);
        Assert.True(atlas.ApiKeyExists(o.Key.Id));

        var e = vault.Find(V, "atlas-ok")!;
        Assert.Equal(o.Key.PublicKey, e.UserName);
        Assert.Equal(o.CreatedSecret, e.PasswordText);
        Assert.Equal(atlas.OrgId, e.Metadata[CredentialMetadata.OrgId]);
        Assert.Equal(o.Key.Id, e.Metadata[CredentialMetadata.ApiKeyId]);
        Assert.Equal("ORG_READ_ONLY", e.Metadata[CredentialMetadata.Roles]);
        Assert.Equal("ApiKey", e.Metadata[CredentialMetadata.Kind]);
        Assert.StartsWith("http://127.0.0.1:", (string)e.Metadata[CredentialMetadata.BaseUrl]);
        var calls = vault.Calls.ToList();
        // Connect-Atlas -Vault: the stored credential reads back and signs in (HTTP Digest).
        var read = await StoredCredentialReader.ReadAsync(vault, V, "atlas-ok", CancellationToken.None);
        Assert.Equal(atlas.OrgId, read.OrganizationId);
        using (var asStored = new AtlasClient(atlas.Options(read.Credential)))
            Assert.Equal(atlas.OrgId, (await asStored.Organizations.GetAsync(read.OrganizationId!)).Id);
        // The metadata trap: the credential is written first, without metadata, then Set-SecretInfo.
        Assert.Equal(new[] { "Test SecretStore", "Exists SecretStore/atlas-ok", "Set SecretStore/atlas-ok overwrite=False", "SetInfo SecretStore/atlas-ok" }, calls);
    }

    [Fact]
    public async Task SecretManagement_missing_fails_before_anything_is_created()
    {
        var vault = new InMemoryVault(V) { Installed = false };
        var desc = SecretsEmulator.Desc("missing");
        var o = await NewApiKey(vault, "atlas-missing", desc);

        var ex = Assert.IsType<AtlasVaultException>(o.Error);
        Assert.Equal("AtlasSecretManagementNotInstalled", ex.ErrorId);
        Assert.Equal(AtlasErrorCategory.NotInstalled, AtlasErrorInfo.From(ex).Category);
        Assert.Contains("Install-PSResource Microsoft.PowerShell.SecretManagement", ex.Message);
        Assert.Contains("Microsoft.PowerShell.SecretStore", ex.Message);
        Assert.Contains("Nothing was created", ex.Message);
        Assert.Equal(0, o.CreateCalls);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Empty(vault.Calls);
    }

    [Fact]
    public async Task Unknown_vault_fails_before_anything_is_created()
    {
        var vault = new InMemoryVault("Other");
        var desc = SecretsEmulator.Desc("unknown");
        var o = await NewApiKey(vault, "atlas-unknown", desc);

        var ex = Assert.IsType<AtlasVaultException>(o.Error);
        Assert.Equal("AtlasVaultNotFound", ex.ErrorId);
        Assert.Equal(AtlasErrorCategory.ObjectNotFound, AtlasErrorInfo.From(ex).Category);
        Assert.Contains("'SecretStore'", ex.Message);
        Assert.Contains("Get-SecretVault", ex.Message);
        Assert.Contains("Register-SecretVault", ex.Message);
        Assert.Equal(0, o.CreateCalls);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Empty(vault.Secrets("Other"));
    }

    [Fact]
    public async Task Locked_vault_fails_before_anything_is_created_and_says_how_to_unlock()
    {
        var vault = new InMemoryVault(V) { Locked = true };
        var desc = SecretsEmulator.Desc("locked");
        var o = await NewApiKey(vault, "atlas-locked", desc);

        var ex = Assert.IsType<AtlasVaultException>(o.Error);
        Assert.Equal("AtlasVaultUnavailable", ex.ErrorId);
        Assert.Equal(AtlasErrorCategory.ResourceUnavailable, AtlasErrorInfo.From(ex).Category);
        Assert.Contains("Unlock-SecretStore", ex.Message);
        Assert.Contains("A valid password is required", ex.Message);
        Assert.Equal(0, o.CreateCalls);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Empty(vault.Secrets(V));
    }

    [Fact]
    public async Task Vault_whose_own_test_throws_is_unavailable_and_nothing_is_created()
    {
        var vault = new InMemoryVault(V) { FailTest = "Connection to vault service timed out." };
        var desc = SecretsEmulator.Desc("testthrows");
        var o = await NewApiKey(vault, "atlas-testthrows", desc);

        var ex = Assert.IsType<AtlasVaultException>(o.Error);
        Assert.Equal("AtlasVaultUnavailable", ex.ErrorId);
        Assert.Contains("Connection to vault service timed out", ex.Message);
        Assert.Contains("Test-SecretVault -Name SecretStore", ex.Message);
        Assert.Equal(0, o.CreateCalls);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
    }

    [Fact]
    public async Task Taken_name_fails_before_anything_is_created_and_keeps_the_existing_secret()
    {
        var vault = new InMemoryVault(V);
        vault.Put(V, "atlas-taken", "olduser", "old-password");
        var desc = SecretsEmulator.Desc("taken");
        var o = await NewApiKey(vault, "atlas-taken", desc);

        var ex = Assert.IsType<AtlasVaultException>(o.Error);
        Assert.Equal("AtlasSecretNameExists", ex.ErrorId);
        Assert.Equal(AtlasErrorCategory.ResourceExists, AtlasErrorInfo.From(ex).Category);
        Assert.Contains("-SecretName", ex.Message);
        Assert.Contains("-Force", ex.Message);
        Assert.Equal(0, o.CreateCalls);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Equal("olduser", vault.Find(V, "atlas-taken")!.UserName);
        Assert.Equal("old-password", vault.Find(V, "atlas-taken")!.PasswordText);
    }

    [Fact]
    public async Task Taken_name_with_Force_replaces_the_secret()
    {
        var vault = new InMemoryVault(V);
        vault.Put(V, "atlas-force", "olduser", "old-password");
        var o = await NewApiKey(vault, "atlas-force", SecretsEmulator.Desc("force"), force: true);

        Assert.Null(o.Error);
        var e = vault.Find(V, "atlas-force")!;
        Assert.Equal(o.Key!.PublicKey, e.UserName);
        Assert.Equal(o.CreatedSecret, e.PasswordText);
        Assert.Contains("Set SecretStore/atlas-force overwrite=True", vault.Calls);
    }

    [Fact]
    public async Task Set_Secret_failing_deletes_the_new_key_again_and_says_nothing_was_created()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "The vault service returned 503." };
        var desc = SecretsEmulator.Desc("setfail");
        var o = await NewApiKey(vault, "atlas-setfail", desc);

        var ex = Assert.IsType<AtlasWorkflowException>(o.Error);
        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains("deleted again in Atlas", ex.Message);
        Assert.Contains("nothing is left behind", ex.Message);
        Assert.Contains("The vault service returned 503", ex.Message);
        Assert.Contains(o.CreatedId!, ex.Message);
        Assert.Null(ex.TargetObject);
        Assert.Equal(1, o.CreateCalls);
        Assert.False(atlas.ApiKeyExists(o.CreatedId!));
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Empty(vault.Secrets(V));
    }

    [Fact]
    public async Task Set_Secret_and_rollback_failing_names_the_key_and_keeps_the_secret_in_the_error()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Access denied to key vault." };
        var desc = SecretsEmulator.Desc("bothfail");
        atlas.BreakApiKeyDeletes();
        Outcome o;
        try { o = await NewApiKey(vault, "atlas-bothfail", desc); }
        finally { atlas.Server.Faults.Reset(); }

        var ex = Assert.IsType<AtlasWorkflowException>(o.Error);
        Assert.Equal("AtlasSecretStoreAndRollbackFailed", ex.ErrorId);
        Assert.Contains(o.CreatedId!, ex.Message);
        Assert.Contains("Access denied to key vault", ex.Message);
        Assert.Contains("TargetObject", ex.Message);
        Assert.Contains("Remove-AtlasApiKey", ex.Message);
        Assert.DoesNotContain(o.CreatedSecret!, ex.Message);
        Assert.DoesNotContain(o.CreatedSecret!, ex.ToString());

        // Nothing is lost: the key exists in Atlas, and the error holds its secret.
        Assert.True(atlas.ApiKeyExists(o.CreatedId!));
        var left = Assert.IsType<UnstoredCredential>(ex.TargetObject);
        Assert.Equal(o.CreatedId, left.CredentialId);
        Assert.Equal(atlas.Server.State.GetApiKey(o.CreatedId!)!.PublicKey, left.Identity);
        Assert.Equal(o.CreatedSecret, SecretsEmulator.Reveal(left.Secret));
        Assert.DoesNotContain(o.CreatedSecret!, left.ToString()!);
        Assert.Empty(vault.Secrets(V));

        // Clean up the orphan the test made on purpose.
        await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, o.CreatedId!);
    }

    [Fact]
    public async Task Set_SecretInfo_failing_is_only_a_warning_and_the_credential_stays_stored()
    {
        var vault = new InMemoryVault(V) { FailSetSecretInfo = "Metadata write timed out." };
        var o = await NewApiKey(vault, "atlas-infofail", SecretsEmulator.Desc("infofail"));

        Assert.Null(o.Error);
        Assert.False(o.Result!.MetadataStored);
        var w = Assert.Single(o.Warnings);
        Assert.Contains("Metadata write timed out", w);
        Assert.Contains("-OrganizationId", w);
        Assert.Equal(w, Assert.Single(o.Result.Warnings));
        Assert.True(atlas.ApiKeyExists(o.Key!.Id));
        var e = vault.Find(V, "atlas-infofail")!;
        Assert.Equal(o.CreatedSecret, e.PasswordText);
        Assert.Empty(e.Metadata);
        Assert.DoesNotContain("Remove", string.Join(";", vault.Calls));
    }

    [Fact]
    public async Task Vault_without_metadata_support_keeps_the_credential_and_warns()
    {
        var vault = new InMemoryVault(V) { SupportsMetadata = false };
        var o = await NewApiKey(vault, "atlas-nometa", SecretsEmulator.Desc("nometa"));

        Assert.Null(o.Error);
        Assert.Contains("does not support secret metadata", Assert.Single(o.Warnings));
        Assert.Equal(o.CreatedSecret, vault.Find(V, "atlas-nometa")!.PasswordText);
        Assert.True(atlas.ApiKeyExists(o.Key!.Id));

        // Connect-Atlas -Vault still reads it back; org id then has to come from elsewhere.
        var read = await StoredCredentialReader.ReadAsync(vault, V, "atlas-nometa", CancellationToken.None);
        var cred = Assert.IsType<ApiKeyCredential>(read.Credential);
        Assert.Equal(o.Key.PublicKey, cred.PublicKey);
        Assert.Equal(o.CreatedSecret, SecretsEmulator.Reveal(cred.PrivateKey));
        Assert.Null(read.OrganizationId);
        Assert.Null(read.BaseUri);
    }

    [Fact]
    public async Task Name_taken_between_preflight_and_store_is_not_clobbered_and_the_key_is_rolled_back()
    {
        var vault = new InMemoryVault(V);
        var desc = SecretsEmulator.Desc("race");
        var handoff = new CredentialHandoff(vault, V, "atlas-race", force: false);
        await handoff.PreflightAsync(CancellationToken.None);
        vault.Put(V, "atlas-race", "someone-else", "their-password");
        var key = await atlas.Client.ApiKeys.CreateAsync(atlas.OrgId, desc, new[] { "ORG_READ_ONLY" });

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.StoreOrRollBackAsync(AtlasHandoffs.ForApiKey(atlas.Client, key), CancellationToken.None));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains("already exists", ex.Message);
        Assert.False(atlas.ApiKeyExists(key.Id));
        Assert.Equal("their-password", vault.Find(V, "atlas-race")!.PasswordText);
    }

    [Fact]
    public async Task New_service_account_secret_is_stored_and_read_back_as_a_service_account_credential()
    {
        var vault = new InMemoryVault(V);
        string clientId = atlas.Server.Seed.ServiceAccountClientId;
        int before = atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Count;
        string? value = null;
        var handoff = new CredentialHandoff(vault, V, "atlas-sa", force: false);
        var secret = await handoff.CreateAndStoreAsync(
            async ct => { var s = await atlas.Client.ServiceAccounts.CreateSecretAsync(atlas.OrgId, clientId, 24, ct); value = SecretsEmulator.Reveal(s.Secret!); return s; },
            s => AtlasHandoffs.ForServiceAccountSecret(atlas.Client, s),
            AtlasHandoffs.MarkStored, CancellationToken.None);

        Assert.Null(secret.Secret);
        Assert.Equal("SecretStore/atlas-sa", secret.StoredIn);
        Assert.Equal(before + 1, atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Count);
        var e = vault.Find(V, "atlas-sa")!;
        Assert.Equal(clientId, e.UserName);
        Assert.Equal(value, e.PasswordText);
        Assert.Equal(secret.Id, e.Metadata[CredentialMetadata.SecretId]);
        Assert.IsType<DateTime>(e.Metadata[CredentialMetadata.Expires]);

        var read = await StoredCredentialReader.ReadAsync(vault, V, "atlas-sa", CancellationToken.None);
        var cred = Assert.IsType<ServiceAccountCredential>(read.Credential);
        Assert.Equal(clientId, cred.ClientId);
        Assert.Equal(value, SecretsEmulator.Reveal(cred.ClientSecret));
        Assert.Equal(atlas.OrgId, read.OrganizationId);
        Assert.Equal(atlas.Server.BaseUri.GetLeftPart(UriPartial.Authority), read.BaseUri!.GetLeftPart(UriPartial.Authority));
        Assert.Equal(secret.ExpiresAt.ToUnixTimeSeconds(), read.Expires!.Value.ToUnixTimeSeconds());
        using (var asStored = new AtlasClient(atlas.Options(read.Credential)))   // OAuth client credentials with the stored secret
            Assert.Equal(atlas.OrgId, (await asStored.Organizations.GetAsync(read.OrganizationId!)).Id);

        await atlas.Client.ServiceAccounts.DeleteSecretAsync(atlas.OrgId, clientId, secret.Id);
    }

    [Fact]
    public async Task Service_account_secret_that_cannot_be_stored_is_deleted_and_the_account_and_its_other_secrets_stay()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault is read-only." };
        string clientId = atlas.Server.Seed.ServiceAccountClientId;
        var secretsBefore = atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Select(s => s.Id).ToList();
        string? newId = null;
        var handoff = new CredentialHandoff(vault, V, "atlas-sa-fail", force: false);

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.CreateAndStoreAsync(
            async ct => { var s = await atlas.Client.ServiceAccounts.CreateSecretAsync(atlas.OrgId, clientId, 24, ct); newId = s.Id; return s; },
            s => AtlasHandoffs.ForServiceAccountSecret(atlas.Client, s), AtlasHandoffs.MarkStored, CancellationToken.None));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains(newId!, ex.Message);
        Assert.Equal(secretsBefore, atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Select(s => s.Id).ToList());
        Assert.Empty(vault.Secrets(V));
    }

    [Fact]
    public async Task New_service_account_that_cannot_be_stored_and_cannot_be_deleted_is_named_with_its_secret_kept()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault is read-only." };
        var handoff = new CredentialHandoff(vault, V, "atlas-newsa", force: false);
        ServiceAccount? created = null;
        string? value = null;
        atlas.BreakServiceAccountDeletes();
        AtlasWorkflowException ex;
        try
        {
            ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.CreateAndStoreAsync(
                async ct =>
                {
                    created = await atlas.Client.ServiceAccounts.CreateAsync(atlas.OrgId,
                        new Resources.ServiceAccountSpec { Name = "vault test sa", Description = "vault test", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24 }, ct);
                    value = SecretsEmulator.Reveal(created.Secrets[0].Secret!);
                    return created;
                },
                sa => AtlasHandoffs.ForServiceAccount(atlas.Client, sa), AtlasHandoffs.MarkStored, CancellationToken.None));
        }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal("AtlasSecretStoreAndRollbackFailed", ex.ErrorId);
        Assert.Contains(created!.ClientId, ex.Message);
        Assert.Contains("Remove-AtlasServiceAccount", ex.Message);
        Assert.DoesNotContain(value!, ex.ToString());
        Assert.NotNull(atlas.Server.State.GetServiceAccount(created.ClientId));
        var left = Assert.IsType<UnstoredCredential>(ex.TargetObject);
        Assert.Equal(created.ClientId, left.Identity);
        Assert.Equal(value, SecretsEmulator.Reveal(left.Secret));

        await atlas.Client.ServiceAccounts.DeleteAsync(atlas.OrgId, created.ClientId);
        Assert.Null(atlas.Server.State.GetServiceAccount(created.ClientId));
    }

    [Fact]
    public async Task New_service_account_that_cannot_be_stored_is_deleted_again()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault is read-only." };
        var handoff = new CredentialHandoff(vault, V, "atlas-newsa2", force: false);
        ServiceAccount? created = null;

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.CreateAndStoreAsync(
            async ct => created = await atlas.Client.ServiceAccounts.CreateAsync(atlas.OrgId,
                new Resources.ServiceAccountSpec { Name = "vault test sa two", Description = "vault test", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24 }, ct),
            sa => AtlasHandoffs.ForServiceAccount(atlas.Client, sa), AtlasHandoffs.MarkStored, CancellationToken.None));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Null(atlas.Server.State.GetServiceAccount(created!.ClientId));
        Assert.Empty(vault.Secrets(V));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task New_organization_whose_first_credential_cannot_be_stored_is_deleted_again(bool apiKey)
    {
        // The rollback deletes the new organization signed in as its own new credential (digest for a key, OAuth for an account):
        // the caller is not a member of the organization it just created.
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault is read-only." };
        var handoff = new CredentialHandoff(vault, V, "atlas-neworg-" + apiKey, false);
        NewOrganizationResult? r = null;
        string? value = null;
        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.CreateAndStoreAsync(
            async ct =>
            {
                r = apiKey
                    ? await atlas.Client.Organizations.CreateAsync("vault-test-org-key", "first key", new[] { "ORG_OWNER" }, null, null, ct)
                    : await atlas.Client.Organizations.CreateAsync("vault-test-org-sa", null, null,
                        new Resources.ServiceAccountSpec { Name = "first sa", Description = "first sa", Roles = new[] { "ORG_OWNER" }, SecretExpiresAfterHours = 24 }, null, ct);
                value = SecretsEmulator.Reveal(apiKey ? r.ApiKey!.PrivateKey! : r.ServiceAccount!.Secrets[0].Secret!);
                return r;
            },
            x => AtlasHandoffs.ForNewOrganization(atlas.Client, x)!, (_, _) => { }, CancellationToken.None));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains(apiKey ? r!.ApiKey!.Id : r!.ServiceAccount!.ClientId, ex.Message);
        Assert.Contains("deleted again", ex.Message);
        Assert.DoesNotContain(atlas.Server.State.Organizations, o => o.Id == r.Organization.Id);
        Assert.DoesNotContain(value!, ex.ToString());
        Assert.Empty(vault.Secrets(V));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("atlas-*")]
    [InlineData("atlas[1]")]
    [InlineData("a?b")]
    public void Bad_secret_names_are_refused_before_any_call(string name)
    {
        var vault = new InMemoryVault(V);
        var ex = Assert.Throws<AtlasValidationException>(() => new CredentialHandoff(vault, V, name, false));
        Assert.Equal("AtlasInvalidSecretName", ex.ErrorId);
        Assert.Contains("-SecretName", ex.Message);
        Assert.Empty(vault.Calls);
    }

    [Fact]
    public async Task Store_without_preflight_is_a_programming_error()
    {
        var handoff = new CredentialHandoff(new InMemoryVault(V), V, "x", false);
        var c = new NewCredential("id", "user", SecretText.FromString("s"), "d", _ => Task.CompletedTask);
        await Assert.ThrowsAsync<InvalidOperationException>(() => handoff.StoreAsync(c, CancellationToken.None));
    }
}
