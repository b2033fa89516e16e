using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// The hand-off plugged into a create workflow as its afterCreate hook (the shape New-AtlasApiKey's workflow takes):
/// create -> store -> access list -> assignments, with the workflow's own rollback. A later failure that deletes
/// the key must take the vault entry with it; a later failure that leaves the key must leave the entry.
/// </summary>
public sealed class HandoffHookTests : IClassFixture<SecretsEmulator>
{
    private const string V = "SecretStore";
    private readonly SecretsEmulator atlas;

    public HandoffHookTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    /// <summary>
    /// A stand-in for the New-AtlasApiKey workflow (same shape as ApiKeyWorkflows.CreateAsync on branch cmdlets1):
    /// create, afterCreate, access list; ANY failure after creation (the hook's too) deletes the key once.
    /// </summary>
    private async Task<ApiKey> NewApiKeyWorkflow(string desc, string accessEntry, Func<ApiKey, CancellationToken, Task>? afterCreate, CancellationToken ct)
    {
        var key = await atlas.Client.ApiKeys.CreateAsync(atlas.OrgId, desc, new[] { "ORG_READ_ONLY" }, ct);
        createdSecret = SecretsEmulator.Reveal(key.PrivateKey!);
        try
        {
            if (afterCreate != null) await afterCreate(key, ct);
            await atlas.Client.ApiKeys.AddAccessListAsync(atlas.OrgId, key.Id, new[] { new AccessListSpec { IpAddress = accessEntry } }, ct);
            return key;
        }
        catch (Exception ex)
        {
            try { await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, key.Id, CancellationToken.None); }
            catch (Exception r)
            {
                throw new AtlasWorkflowException("AtlasApiKeyRollbackFailed", $"A step failed ({ex.Message}) and API key {key.Id} could not be deleted again ({r.Message}).", ex, key.Id);
            }
            key.PrivateKey?.Dispose();
            throw new AtlasWorkflowException("AtlasApiKeyCreationRolledBack", $"A step failed ({ex.Message}); API key {key.Id} was deleted again.", ex);
        }
    }

    private string? createdSecret;

    private void BreakAccessListPosts() => atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/apiKeys/", DropTiming.BeforeHandler, 50);

    private int DeletesOf(string keyId) => atlas.Server.Requests.Count(r => r.Method == "DELETE" && r.Path.EndsWith("/apiKeys/" + keyId, StringComparison.Ordinal));

    [Fact]
    public async Task Success_stores_the_key_before_the_access_list_and_returns_it_marked()
    {
        var vault = new InMemoryVault(V);
        var handoff = new CredentialHandoff(vault, V, "hook-ok", false);
        var key = await handoff.RunWorkflowAsync<ApiKey, ApiKey>(
            (after, ct) => NewApiKeyWorkflow(SecretsEmulator.Desc("hook ok"), "10.1.2.3", after, ct),
            k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None);

        Assert.Equal("SecretStore/hook-ok", key.StoredIn);
        Assert.Null(key.PrivateKey);
        Assert.Equal(key.PublicKey, vault.Find(V, "hook-ok")!.UserName);
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
        try
        {
            ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
                (after, ct) => NewApiKeyWorkflow(desc, "10.1.2.4", after, ct),
                k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));
        }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal("AtlasApiKeyCreationRolledBack", ex.ErrorId); // the workflow's own error, unchanged
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
        try
        {
            await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
                (after, ct) => NewApiKeyWorkflow(desc, "10.1.2.9", after, ct),
                k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));
        }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        Assert.NotNull(vault.Find(V, "hook-rmfail"));          // stale, and the warning says so
        var w = Assert.Single(warnings);
        Assert.Contains("The vault is read-only now", w);
        Assert.Contains("Remove-Secret -Vault SecretStore -Name hook-rmfail", w);
    }

    [Fact]
    public async Task Later_failure_whose_rollback_fails_keeps_the_vault_entry_and_warns()
    {
        var vault = new InMemoryVault(V);
        var desc = SecretsEmulator.Desc("hook later keep");
        var warnings = new List<string>();
        var handoff = new CredentialHandoff(vault, V, "hook-keep", false, warnings.Add);
        BreakAccessListPosts();
        atlas.BreakApiKeyDeletes();
        AtlasWorkflowException ex;
        try
        {
            ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
                (after, ct) => NewApiKeyWorkflow(desc, "10.1.2.5", after, ct),
                k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));
        }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal("AtlasApiKeyRollbackFailed", ex.ErrorId);
        var id = Assert.Single(atlas.ApiKeyIdsWithDescription(desc));
        var entry = vault.Find(V, "hook-keep");
        Assert.NotNull(entry);                                  // the only copy of the private key
        Assert.Equal(atlas.Server.State.GetApiKey(id)!.PublicKey, entry!.UserName);
        Assert.Contains("still exists in Atlas", Assert.Single(warnings));

        await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, id);
    }

    [Fact]
    public async Task Store_failure_inside_the_hook_is_rolled_back_by_the_workflow_exactly_once()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault quota exceeded." };
        var desc = SecretsEmulator.Desc("hook store fail");
        var handoff = new CredentialHandoff(vault, V, "hook-storefail", false);

        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
            (after, ct) => NewApiKeyWorkflow(desc, "10.1.2.6", after, ct),
            k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));

        Assert.Equal("AtlasApiKeyCreationRolledBack", ex.ErrorId);
        var inner = Assert.IsType<AtlasWorkflowException>(ex.InnerException);
        Assert.Equal("AtlasSecretNotStored", inner.ErrorId);
        Assert.Contains("Vault quota exceeded", ex.Message);
        Assert.Empty(atlas.ApiKeyIdsWithDescription(desc));
        var id = System.Text.RegularExpressions.Regex.Match(ex.Message, "API key ([0-9a-f]{24}) was deleted").Groups[1].Value;
        Assert.Equal(1, DeletesOf(id));
        Assert.Empty(vault.Secrets(V));
        Assert.DoesNotContain(createdSecret!, ex.ToString());
    }

    [Fact]
    public async Task Store_failure_inside_the_hook_whose_rollback_fails_still_surfaces_the_secret()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault quota exceeded." };
        var desc = SecretsEmulator.Desc("hook store and rollback fail");
        var handoff = new CredentialHandoff(vault, V, "hook-bothfail", false);
        atlas.BreakApiKeyDeletes();
        AtlasWorkflowException ex;
        try
        {
            ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
                (after, ct) => NewApiKeyWorkflow(desc, "10.1.2.8", after, ct),
                k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));
        }
        finally { atlas.Server.Faults.Reset(); }

        Assert.Equal("AtlasApiKeyRollbackFailed", ex.ErrorId);
        var id = Assert.Single(atlas.ApiKeyIdsWithDescription(desc));
        var left = CredentialHandoff.FindUnstored(ex);              // reachable through the workflow's error
        Assert.NotNull(left);
        Assert.Equal(id, left!.CredentialId);
        Assert.Equal(createdSecret, SecretsEmulator.Reveal(left.Secret));
        Assert.DoesNotContain(createdSecret!, ex.ToString());
        Assert.Empty(vault.Secrets(V));

        await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, id);
    }

    [Fact]
    public async Task Preflight_failure_never_starts_the_workflow()
    {
        var vault = new InMemoryVault(V) { Locked = true };
        var handoff = new CredentialHandoff(vault, V, "hook-locked", false);
        bool started = false;
        var ex = await Assert.ThrowsAsync<AtlasVaultException>(() => handoff.RunWorkflowAsync<ApiKey, ApiKey>(
            (after, ct) => { started = true; return NewApiKeyWorkflow("never", "10.1.2.7", after, ct); },
            k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None));
        Assert.Equal("AtlasVaultUnavailable", ex.ErrorId);
        Assert.False(started);
    }
}
