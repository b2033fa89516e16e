using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Workflows.RotationTestKit;

namespace AtlasPS.Core.Tests.Workflows;

/// <summary>
/// Update-AtlasCredential -ClientId: a new secret, proven with a token request, stored over the old one, then the
/// secrets that were valid before are deleted (expired ones are left alone). Interrupted at every step, the old
/// secret or both work and the vault entry works.
/// </summary>
public sealed class CredentialWorkflowsServiceAccountTests : IClassFixture<SecretsEmulator>
{
    private readonly SecretsEmulator atlas;
    private EmulatorState State => atlas.Server.State;

    public CredentialWorkflowsServiceAccountTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    private sealed record Seeded(string ClientId, string Secret, string SecretId, string OtherValidId, string ExpiredId, string Name, InMemoryVault Vault);

    /// <summary>An account with the secret stored in the vault, a second valid secret and an expired one.</summary>
    private Seeded Seed(string name)
    {
        var (clientId, secret) = State.CreateServiceAccount("rotation " + name, new[] { "ORG_MEMBER" }, secretHours: 2000);
        var secretId = State.GetServiceAccount(clientId)!.Secrets.Single().Id;
        var (otherId, _) = State.AddServiceAccountSecret(clientId, TimeSpan.FromDays(3));
        var (expiredId, _) = State.AddServiceAccountSecret(clientId, TimeSpan.FromHours(-1));
        var vault = new InMemoryVault(V);
        vault.Put(V, name, clientId, secret);
        return new Seeded(clientId, secret, secretId, otherId, expiredId, name, vault);
    }

    private IReadOnlyList<string> SecretIds(Seeded s) => State.GetServiceAccount(s.ClientId)!.Secrets.Select(x => x.Id).ToList();

    private IReadOnlyList<string> NewSecretIds(Seeded s) => SecretIds(s).Except(new[] { s.SecretId, s.OtherValidId, s.ExpiredId }).ToList();

    [Fact]
    public async Task Rotation_stores_a_proven_secret_and_deletes_the_secrets_valid_before()
    {
        var s = Seed("happy");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; x.ExpiresAfterHours = 48; });

        Assert.Null(o.Error);
        var r = o.Result!;
        var newId = Assert.Single(NewSecretIds(s));
        Assert.Equal(new[] { s.ExpiredId, newId }.OrderBy(x => x), SecretIds(s).OrderBy(x => x));
        Assert.Equal(newId, r.SecretId);
        Assert.Equal(new[] { s.SecretId, s.OtherValidId }, r.DeletedIds);
        Assert.False(await SecretWorksAsync(atlas, s.ClientId, s.Secret));
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(s.ClientId, user);
        Assert.True(works);
        Assert.True(r.Proven);
        var expires = State.GetServiceAccount(s.ClientId)!.Secrets.Single(x => x.Id == newId).ExpiresAt;
        Assert.InRange((expires - DateTimeOffset.UtcNow).TotalHours, 47, 48.1);
        Assert.Equal(expires, r.ExpiresAt!.Value, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Answer_lost_after_Atlas_created_the_secret_is_checked_the_orphan_deleted_and_the_rotation_completed()
    {
        var s = Seed("lost-answer");
        atlas.Server.Requests.Clear();
        atlas.Server.Faults.DropConnection("POST", $"orgs/{atlas.OrgId}/serviceAccounts/{s.ClientId}/secrets", DropTiming.AfterHandler, 1);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Null(o.Error);
        var newId = Assert.Single(NewSecretIds(s));
        Assert.Equal(newId, o.Result!.SecretId);
        Assert.Equal(2, atlas.Server.Requests.Count(e => e.Method == "POST" && e.Path.EndsWith("/secrets", StringComparison.Ordinal)));
        var (user, works) = await VaultEntryAsync(atlas, s.Vault, s.Name);
        Assert.Equal(s.ClientId, user);
        Assert.True(works);
    }

    [Fact]
    public async Task KeepPrevious_keeps_the_old_secrets_working()
    {
        var s = Seed("keep");
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; x.KeepPrevious = true; });

        Assert.Null(o.Error);
        Assert.Single(NewSecretIds(s));
        Assert.Equal(4, SecretIds(s).Count);
        Assert.True(await SecretWorksAsync(atlas, s.ClientId, s.Secret));
        Assert.True((await VaultEntryAsync(atlas, s.Vault, s.Name)).Works);
        Assert.NotEqual(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
        Assert.Equal(new[] { s.SecretId, s.OtherValidId }, o.Result!.KeptIds);
    }

    [Fact]
    public async Task Plan_uses_the_organization_maximum_when_it_is_below_the_default_and_changes_nothing()
    {
        var s = Seed("plan");
        State.ConfigureOrg(maxServiceAccountSecretValidityInHours: 100);
        try
        {
            atlas.Server.Requests.Clear();
            var plan = await new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions { OrganizationId = atlas.OrgId, ClientId = s.ClientId, VaultName = V, SecretName = s.Name }).PlanAsync();
            Assert.Equal(100, plan.ExpiresAfterHours);
            Assert.Equal(new[] { RotationStep.CreateCredential, RotationStep.Prove, RotationStep.Store, RotationStep.DeleteOld }, plan.Steps.Select(x => x.Step));
            Assert.Equal(new[] { s.SecretId, s.OtherValidId }, plan.PreviousIds);
            Assert.Contains(s.OtherValidId, plan.Steps[3].Action);
            Assert.DoesNotContain(s.ExpiredId, plan.Steps[3].Action);
            NoChangingRequests(atlas.Server);
            Assert.Empty(NewSecretIds(s));
            Assert.Equal(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
        }
        finally { State.ConfigureOrg(maxServiceAccountSecretValidityInHours: 8760); }
        var plain = await new CredentialWorkflows(atlas.Client, s.Vault, new RotationOptions { OrganizationId = atlas.OrgId, ClientId = s.ClientId, VaultName = V, SecretName = s.Name }).PlanAsync();
        Assert.Equal(CredentialWorkflows.DefaultSecretHours, plain.ExpiresAfterHours);
    }

    public static TheoryData<RotationStep, string> Steps => new()
    {
        { RotationStep.CreateCredential, CredentialWorkflows.ErrorCreateFailed },
        { RotationStep.Prove, CredentialWorkflows.ErrorProofFailed },
        { RotationStep.Store, CredentialWorkflows.ErrorStoreFailed },
        { RotationStep.DeleteOld, CredentialWorkflows.ErrorOldNotDeleted },
    };

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task Interrupted_at_any_step_leaves_a_working_secret_in_the_vault(RotationStep step, string errorId)
    {
        var s = Seed("stop-" + step);
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; x.BeforeStep = FailBefore(step); });

        Assert.Equal(errorId, o.Error?.ErrorId);
        Assert.True(await SecretWorksAsync(atlas, s.ClientId, s.Secret), "the old secret must still work");
        Assert.True((await VaultEntryAsync(atlas, s.Vault, s.Name)).Works, "the vault entry must work");
        if (step == RotationStep.DeleteOld)
        {
            var newId = Assert.Single(NewSecretIds(s));
            Assert.NotEqual(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
            Assert.Contains($"The new secret {newId} of service account {s.ClientId}", o.Error!.Message);
            Assert.Contains($"Remove-AtlasServiceAccountSecret -ClientId {s.ClientId} -SecretId {s.SecretId}", o.Error.Message);
        }
        else
        {
            Assert.Empty(NewSecretIds(s));
            Assert.Equal(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
            Assert.Contains($"'{V}/{s.Name}' still holds the old one", o.Error!.Message);
        }
    }

    [Fact]
    public async Task Token_endpoint_refusing_the_new_secret_deletes_it_again()
    {
        var s = Seed("token-429");
        atlas.Server.Faults.RetryAfterSeconds = 0;
        atlas.Server.Faults.TokenTooManyRequestsBurst = 20;
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorProofFailed, o.Error?.ErrorId);
        Assert.Empty(NewSecretIds(s));
        Assert.True(await SecretWorksAsync(atlas, s.ClientId, s.Secret));
        Assert.Equal(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
    }

    [Fact]
    public async Task Failing_deletes_keep_old_and_new_secrets_working_with_the_new_one_stored()
    {
        var s = Seed("delete-old");
        atlas.BreakServiceAccountDeletes();
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; });
        atlas.Server.Faults.Reset();

        Assert.Equal(CredentialWorkflows.ErrorOldNotDeleted, o.Error?.ErrorId);
        Assert.Single(NewSecretIds(s));
        Assert.True(await SecretWorksAsync(atlas, s.ClientId, s.Secret));
        Assert.True((await VaultEntryAsync(atlas, s.Vault, s.Name)).Works);
        Assert.NotEqual(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
    }

    [Fact]
    public async Task Vault_refusing_the_write_deletes_the_new_secret()
    {
        var s = Seed("vault-write");
        s.Vault.FailSetSecret = "Access denied";
        var o = await RotateAsync(atlas, s.Vault, x => { x.ClientId = s.ClientId; x.SecretName = s.Name; });

        Assert.Equal(CredentialWorkflows.ErrorStoreFailed, o.Error?.ErrorId);
        Assert.Empty(NewSecretIds(s));
        Assert.Equal(s.Secret, s.Vault.Find(V, s.Name)!.PasswordText);
        Assert.True(await SecretWorksAsync(atlas, s.ClientId, s.Secret));
    }
}
