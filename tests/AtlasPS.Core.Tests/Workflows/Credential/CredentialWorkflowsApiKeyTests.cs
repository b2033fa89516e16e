using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Workflows.RotationTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// Update-AtlasCredential -ApiKeyId against the emulator and an in-memory vault: the happy path, -KeepPrevious, the
/// plan (-WhatIf), and an interruption at every step. After each failure: the old key or both keys sign in, the vault
/// entry signs in, and the error names the step and what to do next.
/// </summary>
public sealed class CredentialWorkflowsApiKeyTests : IClassFixture<SecretsEmulator>
{
    private readonly SecretsEmulator atlas;
    private EmulatorState State => atlas.Server.State;

    public CredentialWorkflowsApiKeyTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    private sealed record Seeded(string Id, string PublicKey, string PrivateKey, string Name, InMemoryVault Vault, string P1, string P2);

    /// <summary>A key "ci-deploy" with two org roles, two projects with different roles and an access list that includes this machine.</summary>
    private Seeded Seed(string name, params string[] accessList)
    {
        var (id, pub, priv) = State.CreateApiKey("ci-deploy " + name, new[] { "ORG_MEMBER", "ORG_BILLING_READ_ONLY" });
        var p1 = State.CreateProject("rot-" + name + "-a");
        var p2 = State.CreateProject("rot-" + name + "-b");
        State.AssignApiKeyToProject(id, p1, new[] { "GROUP_READ_ONLY" });
        State.AssignApiKeyToProject(id, p2, new[] { "GROUP_DATA_ACCESS_READ_WRITE", "GROUP_CLUSTER_MANAGER" });
        foreach (var e in accessList.Length == 0 ? new[] { "127.0.0.1", "10.20.0.0/16" } : accessList) State.AddApiKeyAccessListEntry(id, e);
        var vault = new InMemoryVault(V);
        vault.Put(V, name, pub, priv);
        return new Seeded(id, pub, priv, name, vault, p1, p2);
    }

    private IReadOnlyList<ApiKeyInfo> Successors(Seeded s) =>
        State.ApiKeys.Where(k => k.Id != s.Id && k.Description.StartsWith("ci-deploy " + s.Name + " (rotated", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Rotation_copies_roles_access_list_and_project_roles_stores_the_new_key_and_deletes_the_old()
    {
        var s = Seed("happy");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });

        Assert.Null(o.Error);
        var r = o.Result!;
        Assert.Null(State.GetApiKey(s.Id));
        Assert.False(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        var n = Assert.Single(Successors(s));
        Assert.Equal(n.Id, r.CredentialId);
        Assert.Equal(n.PublicKey, r.Identity);
        Assert.Equal($"ci-deploy happy (rotated {DateTime.UtcNow:yyyy-MM-dd})", n.Description);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_MEMBER" }, n.OrgRoles.OrderBy(x => x));
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, n.ProjectRoles[s.P1]);
        Assert.Equal(new[] { "GROUP_CLUSTER_MANAGER", "GROUP_DATA_ACCESS_READ_WRITE" }, n.ProjectRoles[s.P2].OrderBy(x => x));
        Assert.Equal(new[] { "10.20.0.0/16", "127.0.0.1/32" }, n.AccessList.Select(e => e.CidrBlock).OrderBy(x => x));
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(n.PublicKey, user);
        Assert.True(works);
        Assert.True(r.Proven);
        Assert.Equal(new[] { s.Id }, r.DeletedIds);
        Assert.Empty(r.KeptIds);
        Assert.Equal(V + "/" + s.Name, r.StoredIn);
        Assert.Equal(n.Id, s.Vault.Find(V, s.Name)!.Metadata["AtlasApiKeyId"]);
        // The new private key went to the vault only: not into the result, warnings or HTTP diagnostics.
        var secret = s.Vault.Find(V, s.Name)!.PasswordText;
        Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(r) + r + string.Join("\n", o.Warnings) + string.Join("\n", atlas.Events.Select(e => e.ToString())));
    }

    [Fact]
    public async Task KeepPrevious_leaves_both_keys_working_and_says_how_to_remove_the_old_one()
    {
        var s = Seed("keep");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; x.KeepPrevious = true; });

        Assert.Null(o.Error);
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        var n = Assert.Single(Successors(s));
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(n.PublicKey, user);
        Assert.True(works);
        Assert.Equal(new[] { s.Id }, o.Result!.KeptIds);
        Assert.Empty(o.Result.DeletedIds);
        Assert.Contains(o.Warnings, w => w.Contains($"Remove-AtlasApiKey -ApiKeyId {s.Id}"));
    }

    [Fact]
    public async Task Plan_lists_every_step_and_changes_nothing()
    {
        var s = Seed("plan");
        atlas.Server.Requests.Clear();
        var rotation = new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions { OrganizationId = atlas.OrgId, ApiKeyId = s.Id, VaultName = V, SecretName = s.Name });
        var plan = await rotation.PlanAsync();

        Assert.Equal(new[] { RotationStep.CreateCredential, RotationStep.CopyAccessList, RotationStep.CopyProjectAccess, RotationStep.Prove, RotationStep.Store, RotationStep.DeleteOld },
            plan.Steps.Select(x => x.Step));
        Assert.Contains("ci-deploy plan (rotated ", plan.Steps[0].Action);
        Assert.Contains("2 access-list entries", plan.Steps[1].Action);
        Assert.Contains("2 project(s)", plan.Steps[2].Action);
        Assert.Contains(s.Id, plan.Steps[5].Action);
        Assert.Equal($"vault '{V}', secret '{s.Name}'", plan.Steps[4].Target);
        Assert.True(plan.VaultEntryExists);
        NoChangingRequests(atlas.Server);
        Assert.Empty(Successors(s));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
        Assert.DoesNotContain(s.Vault.Calls, c => c.StartsWith("Set", StringComparison.Ordinal) || c.StartsWith("Remove", StringComparison.Ordinal));

        var keep = await new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions { OrganizationId = atlas.OrgId, ApiKeyId = s.Id, VaultName = V, SecretName = s.Name, KeepPrevious = true }).PlanAsync();
        Assert.DoesNotContain(keep.Steps, x => x.Step == RotationStep.DeleteOld);
    }

    public static TheoryData<RotationStep, string> Steps => new()
    {
        { RotationStep.CreateCredential, CredentialWorkflows.ErrorCreateFailed },
        { RotationStep.CopyAccessList, CredentialWorkflows.ErrorAccessListCopyFailed },
        { RotationStep.CopyProjectAccess, CredentialWorkflows.ErrorProjectAccessCopyFailed },
        { RotationStep.Prove, CredentialWorkflows.ErrorProofFailed },
        { RotationStep.Store, CredentialWorkflows.ErrorStoreFailed },
        { RotationStep.DeleteOld, CredentialWorkflows.ErrorOldNotDeleted },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Interrupted_at_any_step_leaves_a_working_credential_in_the_vault(RotationStep step, string errorId)
    {
        var s = Seed("stop-" + step);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; x.BeforeStep = FailBefore(step); });

        Assert.NotNull(o.Error);
        Assert.Equal(errorId, o.Error!.ErrorId);
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey), "the old key must still work");
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.True(works, "the vault entry must hold a working credential");
        if (step == RotationStep.DeleteOld)
        {
            var n = Assert.Single(Successors(s));
            Assert.Equal(n.PublicKey, user);
            Assert.Contains($"The new key {n.Id} (public key {n.PublicKey}) is stored in vault '{V}' as '{s.Name}' and works", o.Error.Message);
            Assert.Contains($"The old key(s) {s.Id} were NOT deleted", o.Error.Message);
            Assert.Contains($"Remove-AtlasApiKey -ApiKeyId {s.Id}", o.Error.Message);
            var partial = Assert.IsType<CredentialRotationResult>(o.Error.TargetObject);
            Assert.Equal(new[] { s.Id }, partial.KeptIds);
        }
        else
        {
            Assert.Empty(Successors(s));
            Assert.Equal(s.PublicKey, user);
            Assert.Contains($"The old API key {s.Id} (public key {s.PublicKey}) was not changed and still works, and '{V}/{s.Name}' still holds it", o.Error.Message);
            Assert.Contains("simulated interruption", o.Error.Message);
        }
    }

    [Fact]
    public async Task Dropped_connection_while_copying_the_access_list_deletes_the_new_key()
    {
        var s = Seed("drop-acl");
        atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/apiKeys/", DropTiming.BeforeHandler, 10);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorAccessListCopyFailed, o.Error?.ErrorId);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
        Assert.Contains("was deleted again", o.Error!.Message);
    }

    [Fact]
    public async Task Dropped_connections_while_assigning_projects_delete_the_new_key()
    {
        var s = Seed("drop-proj");
        atlas.Server.Faults.DropConnection("POST", $"groups/{s.P2}/apiKeys", DropTiming.BeforeHandler, 10);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorProjectAccessCopyFailed, o.Error?.ErrorId);
        Assert.Contains(s.P2, o.Error!.Message);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
    }

    [Fact]
    public async Task Dropped_connections_during_the_proof_delete_the_new_key()
    {
        var s = Seed("drop-proof");
        // From the proof step on, the only GETs are the proof's (GET /orgs/{org} through a fresh client): drop every attempt.
        var rotation = new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions
        {
            OrganizationId = atlas.OrgId, ApiKeyId = s.Id, VaultName = V, SecretName = s.Name,
            BeforeStep = (step, _) =>
            {
                if (step == RotationStep.Prove) atlas.Server.Faults.DropConnection("GET", $"orgs/{atlas.OrgId}", DropTiming.BeforeHandler, 10);
                return Task.CompletedTask;
            },
        });
        var plan = await rotation.PlanAsync();
        var error = await Assert.ThrowsAsync<AtlasWorkflowException>(() => rotation.ExecuteAsync(plan));
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorProofFailed, error.ErrorId);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
        Assert.Contains("was deleted again", error.Message);
    }

    [Fact]
    public async Task Ctrl_C_during_the_project_assignments_still_deletes_the_new_key()
    {
        var s = Seed("cancel");
        using var cts = new CancellationTokenSource();
        var rotation = new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions
        {
            OrganizationId = atlas.OrgId, ApiKeyId = s.Id, VaultName = V, SecretName = s.Name,
            BeforeStep = (step, _) => { if (step == RotationStep.CopyProjectAccess) cts.Cancel(); return Task.CompletedTask; },
        });
        var error = await Assert.ThrowsAsync<AtlasWorkflowException>(() => rotation.RunAsync(cts.Token));

        Assert.Equal(CredentialWorkflows.ErrorProjectAccessCopyFailed, error.ErrorId);
        Assert.IsAssignableFrom<OperationCanceledException>(error.InnerException);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
    }

    [Fact]
    public async Task Answer_lost_after_Atlas_created_the_key_is_checked_the_orphan_deleted_and_the_rotation_completed()
    {
        var s = Seed("lost-answer");
        // The fixture's emulator is shared by the class: count only this test's creates (test order is not fixed).
        int createsBefore = atlas.Server.Requests.Count(e => e.Method == "POST" && e.Path.EndsWith($"orgs/{atlas.OrgId}/apiKeys", StringComparison.Ordinal));
        atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/apiKeys", DropTiming.AfterHandler, 1);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Null(o.Error);
        // Atlas created a key whose private key never arrived: it was found, deleted, and the create sent once more.
        var n = Assert.Single(Successors(s));
        Assert.Equal(n.Id, o.Result!.CredentialId);
        Assert.Equal(2, atlas.Server.Requests.Count(e => e.Method == "POST" && e.Path.EndsWith($"orgs/{atlas.OrgId}/apiKeys", StringComparison.Ordinal)) - createsBefore);
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(n.PublicKey, user);
        Assert.True(works);
    }

    [Fact]
    public async Task Answers_lost_twice_leave_no_successor_and_the_old_key_working()
    {
        var s = Seed("lost-twice");
        atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/apiKeys", DropTiming.AfterHandler, 2);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorCreateFailed, o.Error?.ErrorId);
        Assert.Contains("nothing is left behind", o.Error!.Message);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
    }

    [Fact]
    public async Task Vault_refusing_the_write_keeps_the_old_key_in_the_vault_and_deletes_the_new_key()
    {
        var s = Seed("vault-write");
        s.Vault.FailSetSecret = "The vault is read-only";
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });

        Assert.Equal(CredentialWorkflows.ErrorStoreFailed, o.Error?.ErrorId);
        Assert.Contains("The vault is read-only", o.Error!.Message);
        Assert.Empty(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.True((await VaultEntryAsync(atlas, s.Vault, s.Name)).Works);
    }

    [Fact]
    public async Task Vault_write_and_rollback_both_failing_hand_back_the_new_secret_and_keep_both_keys()
    {
        var s = Seed("vault-write-rollback");
        s.Vault.FailSetSecret = "The vault is read-only";
        atlas.BreakApiKeyDeletes();
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorStoreAndRollbackFailed, o.Error?.ErrorId);
        Assert.Equal("AtlasSecretStoreAndRollbackFailed", o.Error?.ErrorId);
        var n = Assert.Single(Successors(s));
        var unstored = Assert.IsType<AtlasPS.Core.Secrets.UnstoredCredential>(o.Error!.TargetObject);
        Assert.Equal(n.PublicKey, unstored.Identity);
        Assert.True(await KeyWorksAsync(atlas, n.PublicKey, SecretsEmulator.Reveal(unstored.Secret)));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        Assert.Equal(s.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
        Assert.DoesNotContain(SecretsEmulator.Reveal(unstored.Secret), o.Error.ToString());
    }

    [Fact]
    public async Task Failing_deletes_of_the_old_key_leave_both_working_with_the_new_one_stored()
    {
        var s = Seed("delete-old");
        atlas.BreakApiKeyDeletes();
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorOldNotDeleted, o.Error?.ErrorId);
        var n = Assert.Single(Successors(s));
        Assert.True(await KeyWorksAsync(atlas, s.PublicKey, s.PrivateKey));
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(n.PublicKey, user);
        Assert.True(works);
        Assert.Contains($"Remove-AtlasApiKey -ApiKeyId {s.Id}", o.Error!.Message);
    }

    [Fact]
    public async Task Access_list_without_this_address_keeps_both_keys_and_explains_why()
    {
        var s = Seed("elsewhere", "203.0.113.0/24");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });

        Assert.Equal(CredentialWorkflows.ErrorNotProvenFromHere, o.Error?.ErrorId);
        var n = Assert.Single(Successors(s));
        Assert.NotNull(State.GetApiKey(s.Id));
        Assert.Equal(new[] { "203.0.113.0/24" }, n.AccessList.Select(e => e.CidrBlock));
        Assert.Equal(n.PublicKey, s.Vault.Find(V, s.Name)!.UserName);
        Assert.Contains("127.0.0.1", o.Error!.Message);
        Assert.Contains("203.0.113.0/24", o.Error.Message);
        Assert.Contains($"Remove-AtlasApiKey -ApiKeyId {s.Id}", o.Error.Message);
        // The stored private key is the right one: Atlas authenticates it (403 for the address, not 401).
        State.AddApiKeyAccessListEntry(n.Id, "127.0.0.1");
        Assert.True((await VaultEntryAsync(atlas, s.Vault, s.Name)).Works);
    }

    [Fact]
    public async Task Locked_vault_stops_the_rotation_before_anything_is_created()
    {
        var s = Seed("locked");
        s.Vault.Locked = true;
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        Assert.Equal(CredentialWorkflows.ErrorVaultNotReady, o.Error?.ErrorId);
        Assert.Contains("Nothing was changed", o.Error!.Message);
        Assert.Empty(Successors(s));
    }

    [Fact]
    public async Task Vault_entry_of_another_credential_is_refused()
    {
        var s = Seed("other");
        s.Vault.Put(V, s.Name, "abcdefgh", "not-this-key");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ApiKeyId = s.Id; x.SecretName = s.Name; });
        Assert.Equal(CredentialWorkflows.ErrorVaultHoldsOther, o.Error?.ErrorId);
        Assert.Contains("abcdefgh", o.Error!.Message);
        Assert.Empty(Successors(s));
    }

    [Fact]
    public void Bad_input_is_refused_before_any_request()
    {
        var vault = new InMemoryVault(V);
        var both = Assert.Throws<AtlasValidationException>(() => new CredentialWorkflows(atlas.Client, vault,
            new RotationOptions { OrganizationId = atlas.OrgId, ApiKeyId = "0123456789abcdef01234567", ClientId = "mdb_sa_id_0123456789abcdef01234567", VaultName = V, SecretName = "x" }));
        Assert.Equal("AtlasRotationNeedsOneCredential", both.ErrorId);
        var hours = Assert.Throws<AtlasValidationException>(() => new CredentialWorkflows(atlas.Client, vault,
            new RotationOptions { OrganizationId = atlas.OrgId, ApiKeyId = "0123456789abcdef01234567", VaultName = V, SecretName = "x", ExpiresAfterHours = 24 }));
        Assert.Equal("AtlasExpiryNotForApiKeys", hours.ErrorId);
        var name = Assert.Throws<AtlasValidationException>(() => new CredentialWorkflows(atlas.Client, vault,
            new RotationOptions { OrganizationId = atlas.OrgId, ApiKeyId = "0123456789abcdef01234567", VaultName = V, SecretName = "ci*" }));
        Assert.Equal("AtlasInvalidSecretName", name.ErrorId);
    }

    [Theory]
    [InlineData("ci-deploy", "ci-deploy (rotated 2026-11-27)")]
    [InlineData("ci-deploy (rotated 2026-01-02)", "ci-deploy (rotated 2026-11-27)")]
    public void Rotated_description_marks_the_successor_once(string old, string expected) =>
        Assert.Equal(expected, CredentialWorkflows.RotatedDescription(old, new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero)));

    [Fact]
    public void Rotated_description_stays_within_250_characters()
    {
        var d = CredentialWorkflows.RotatedDescription(new string('x', 250), new DateTimeOffset(2026, 11, 27, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(250, d.Length);
        Assert.EndsWith(" (rotated 2026-11-27)", d);
    }
}
