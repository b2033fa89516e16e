using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// The hand-off at its step of the New-AtlasApiKey workflow (ApiKeyWorkflows.CreateAsync with a CredentialHandoff):
/// preflight -> create -> store -> access list, with ONE rollback path (CreationRollback). The same outcome gives the
/// same error id in every create command; a later failure that deletes the key takes the vault entry with it; a
/// later failure that leaves the key leaves the entry; a secret is handed back only while the key exists in Atlas.
/// </summary>
public sealed class HandoffHookTests : IClassFixture<SecretsEmulator>
{
    private const string V = "SecretStore";
    private readonly SecretsEmulator atlas;
    private readonly AtlasConnection connection;

    public HandoffHookTests(SecretsEmulator atlas)
    {
        this.atlas = atlas;
        atlas.Server.Faults.Reset();
        connection = new AtlasConnection(atlas.Client, atlas.OrgId, null);
    }

    private Task<ApiKey> NewApiKey(CredentialHandoff handoff, string desc, string accessEntry) =>
        ApiKeyWorkflows.CreateAsync(connection, new NewApiKeyRequest { Description = desc, Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { accessEntry } },
            handoff, CancellationToken.None);

    private void BreakAccessListPosts() => atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/apiKeys/", DropTiming.BeforeHandler, 50);

    private int DeletesOf(string keyId) => atlas.Server.Requests.Count(r => r.Method == "DELETE" && r.Path.EndsWith("/apiKeys/" + keyId, StringComparison.Ordinal));

    private int KeyCreates(string desc) => atlas.Server.State.ApiKeys.Count(k => k.Description == desc);

    [Fact]
    public async Task Success_stores_the_key_before_the_access_list_and_returns_it_marked()
    {
        var vault = new InMemoryVault(V);
        var key = await NewApiKey(new CredentialHandoff(vault, V, "hook-ok", false), SecretsEmulator.Desc("hook ok"), "10.1.2.3");

        Assert.Equal("SecretStore/hook-ok", key.StoredIn);
        Assert.Null(key.PrivateKey);
        Assert.Equal(key.PublicKey, vault.Find(V, "hook-ok")!.UserName);
        Assert.Equal("vault test hook ok", vault.Find(V, "hook-ok")!.Metadata[CredentialMetadata.Description]);
        Assert.Single(atlas.Server.State.ApiKeyAccessList(key.Id));
    }

    [Fact]
    public async Task Later_failure_with_rollback_removes_the_vault_entry_too()
    {
        var vault = new InMemoryVault(V);
        var desc = SecretsEmulator.Desc("hook later fail");
        var handoff = new CredentialHandoff(vault, V, "hook-later", false);
        BreakAccessListPosts();
        AtlasWorkflowException ex;
        try { ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => NewApiKey(handoff, desc, "10.1.2.4")); }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal(CreationRollback.ErrorRolledBack, ex.ErrorId);
        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        Assert.Contains("access list", ex.Message);
        Assert.Contains("vault entry 'SecretStore/hook-later' removed", ex.Message);
        Assert.Null(ex.TargetObject);                                // deleted: no secret handed back
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Null(vault.Find(V, "hook-later"));
        Assert.Contains("Remove SecretStore/hook-later", vault.Calls);
        Assert.Empty(handoff.Warnings);
    }

    [Fact]
    public async Task Later_failure_with_rollback_whose_vault_cleanup_fails_warns_with_the_command_to_run()
    {
        var vault = new InMemoryVault(V) { FailRemoveSecret = "The vault is read-only now." };
        var desc = SecretsEmulator.Desc("hook cleanup fail");
        var warnings = new List<string>();
        var handoff = new CredentialHandoff(vault, V, "hook-rmfail", false, warnings.Add);
        BreakAccessListPosts();
        AtlasWorkflowException ex;
        try { ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => NewApiKey(handoff, desc, "10.1.2.9")); }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal("AtlasCreationRolledBack", ex.ErrorId);
        Assert.Contains("could not be removed", ex.Message);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.NotNull(vault.Find(V, "hook-rmfail"));          // stale, and the warning says so
        var w = Assert.Single(warnings);
        Assert.Contains("The vault is read-only now", w);
        Assert.Contains("Remove-Secret -Vault SecretStore -Name hook-rmfail", w);
    }

    [Fact]
    public async Task Later_failure_whose_rollback_fails_keeps_the_vault_entry_and_names_it()
    {
        var vault = new InMemoryVault(V);
        var desc = SecretsEmulator.Desc("hook later keep");
        var handoff = new CredentialHandoff(vault, V, "hook-keep", false);
        BreakAccessListPosts();
        atlas.BreakApiKeyDeletes();
        AtlasWorkflowException ex;
        try { ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => NewApiKey(handoff, desc, "10.1.2.5")); }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal(CreationRollback.ErrorRollbackFailed, ex.ErrorId);
        var id = Assert.Single(atlas.ApiKeyIdsWithDescription(desc));
        Assert.Contains("Remove-AtlasApiKey -OrganizationId " + atlas.OrgId + " -ApiKeyId " + id, ex.Message);
        Assert.Contains("stored in 'SecretStore/hook-keep'", ex.Message);
        Assert.Null(ex.TargetObject);                                // the vault holds it: the error does not
        var entry = vault.Find(V, "hook-keep");
        Assert.NotNull(entry);                                       // the only copy of the private key
        Assert.Equal(atlas.Server.State.GetApiKey(id)!.PublicKey, entry!.UserName);
        Assert.DoesNotContain("Remove", string.Join(";", vault.Calls));

        await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, id);
    }

    [Fact]
    public async Task Store_failure_gives_the_store_error_id_and_deletes_the_key_exactly_once()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault quota exceeded." };
        var desc = SecretsEmulator.Desc("hook store fail");

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => NewApiKey(new CredentialHandoff(vault, V, "hook-storefail", false), desc, "10.1.2.6"));

        Assert.Equal(CredentialHandoff.ErrorStoreFailed, ex.ErrorId);
        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains("Vault quota exceeded", ex.Message);
        Assert.Contains("nothing is left behind", ex.Message);
        Assert.Null(ex.TargetObject);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        var id = System.Text.RegularExpressions.Regex.Match(ex.Message, "\\(([0-9a-f]{24}), public key").Groups[1].Value;
        Assert.Equal(1, DeletesOf(id));
        Assert.Empty(vault.Secrets(V));
        Assert.DoesNotContain(vault.LastSetPassword!, ex.ToString());
        // No POST of an access list: the hand-off is the first step after creation.
        Assert.DoesNotContain(atlas.Server.Requests.Entries, e => e.Method == "POST" && e.Path.EndsWith("/apiKeys/" + id + "/accessList", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Store_failure_whose_rollback_fails_hands_back_the_secret()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault quota exceeded." };
        var desc = SecretsEmulator.Desc("hook store and rollback fail");
        atlas.BreakApiKeyDeletes();
        AtlasWorkflowException ex;
        try { ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => NewApiKey(new CredentialHandoff(vault, V, "hook-bothfail", false), desc, "10.1.2.8")); }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal(CredentialHandoff.ErrorStoreAndRollbackFailed, ex.ErrorId);
        var id = Assert.Single(atlas.ApiKeyIdsWithDescription(desc));
        var left = Assert.IsType<UnstoredCredential>(ex.TargetObject);
        Assert.Equal(id, left.CredentialId);
        Assert.Equal(vault.LastSetPassword, SecretsEmulator.Reveal(left.Secret));
        Assert.DoesNotContain(vault.LastSetPassword!, ex.ToString());
        Assert.Empty(vault.Secrets(V));

        await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, id);
    }

    [Fact]
    public async Task Preflight_failure_never_creates_the_key()
    {
        var vault = new InMemoryVault(V) { Locked = true };
        var desc = SecretsEmulator.Desc("hook locked");
        var ex = await Assert.ThrowsAsync<AtlasVaultException>(() => NewApiKey(new CredentialHandoff(vault, V, "hook-locked", false), desc, "10.1.2.7"));
        Assert.Equal("AtlasVaultUnavailable", ex.ErrorId);
        Assert.Contains("Nothing was created", ex.Message);
        Assert.Equal(0, KeyCreates(desc));
    }
}
