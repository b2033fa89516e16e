using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;
using Xunit;
using static AtlasPS.Core.Tests.Workflows.RotationTestKit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// What the hand-off says and writes: vault messages without PowerShell internals, rotation messages that fit a command
/// with no mode without a vault and that do not claim "nothing was created" after something was, and metadata whose
/// AtlasDescription is the description (not the name) and survives -Force and rotation.
/// </summary>
public sealed class HandoffMessagesTests : IClassFixture<SecretsEmulator>
{
    private readonly SecretsEmulator atlas;
    private readonly AtlasConnection connection;

    public HandoffMessagesTests(SecretsEmulator atlas)
    {
        this.atlas = atlas;
        atlas.Server.Faults.Reset();
        connection = new AtlasConnection(atlas.Client, atlas.OrgId, null);
    }

    [Theory]
    [InlineData("Exception calling \"GetInstance\" with \"0\" argument(s): \"A valid password is required to access the Microsoft.PowerShell.SecretStore vault.\"",
        "A valid password is required to access the Microsoft.PowerShell.SecretStore vault")]
    [InlineData("Exception setting \"Value\": \"The vault is read-only.\"", "The vault is read-only")]
    [InlineData("  Vault V does not exist in registry.  ", "Vault V does not exist in registry")]
    [InlineData(null, "")]
    public void Vault_messages_lose_PowerShells_method_call_wrapper(string? raw, string expected) =>
        Assert.Equal(expected, VaultMessages.Clean(raw));

    [Fact]
    public async Task Rotation_without_SecretManagement_does_not_offer_a_mode_without_a_vault()
    {
        var (clientId, secret) = atlas.Server.State.CreateServiceAccount("rotation no sm", new[] { "ORG_MEMBER" });
        var vault = new InMemoryVault(V) { Installed = false };
        var o = await RotateAsync(atlas, vault, x => { x.ClientId = clientId; x.SecretName = "no-sm"; });

        Assert.Equal(CredentialWorkflows.ErrorVaultNotReady, o.Error?.ErrorId);
        Assert.Contains("Install-PSResource Microsoft.PowerShell.SecretManagement", o.Error!.Message);
        Assert.DoesNotContain("without -Vault", o.Error.Message);
        Assert.DoesNotContain("Nothing was created", o.Error.Message);
        Assert.Contains("Nothing was changed", o.Error.Message);
        Assert.True(await SecretWorksAsync(atlas, clientId, secret));
    }

    [Fact]
    public async Task Rotation_whose_vault_locks_before_the_store_step_does_not_say_nothing_was_created()
    {
        var (clientId, secret) = atlas.Server.State.CreateServiceAccount("rotation lock at store", new[] { "ORG_MEMBER" });
        var before = atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Select(s => s.Id).ToList();
        var vault = new InMemoryVault(V);
        vault.Put(V, "lock-at-store", clientId, secret);
        var o = await RotateAsync(atlas, vault, x =>
        {
            x.ClientId = clientId; x.SecretName = "lock-at-store";
            x.BeforeStep = (step, _) => { if (step == RotationStep.Store) vault.Locked = true; return Task.CompletedTask; };
        });

        Assert.Equal("AtlasSecretStoreFailed", o.Error?.ErrorId);   // the same id as the create commands' store failure
        Assert.Contains("A valid password is required", o.Error!.Message);
        Assert.Contains("deleted again", o.Error.Message);
        Assert.DoesNotContain("Nothing was created", o.Error.Message);
        Assert.Equal(before, atlas.Server.State.GetServiceAccount(clientId)!.Secrets.Select(s => s.Id).ToList());
    }

    [Fact]
    public async Task A_new_service_accounts_metadata_holds_its_description_not_its_name()
    {
        var vault = new InMemoryVault(V);
        var sa = await ServiceAccountWorkflows.CreateAsync(connection,
            new NewServiceAccountRequest { Name = "meta-name", Description = "The deploy bot of team X", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 24 },
            new CredentialHandoff(vault, V, "meta-sa", false));

        var e = vault.Find(V, "meta-sa")!;
        Assert.Equal("The deploy bot of team X", e.Metadata[CredentialMetadata.Description]);
        await ServiceAccountWorkflows.DeleteAsync(connection, null, sa.ClientId);
    }

    [Fact]
    public async Task AtlasDescription_survives_a_new_secret_with_Force_and_a_rotation()
    {
        var vault = new InMemoryVault(V);
        var sa = await atlas.Client.ServiceAccounts.CreateAsync(atlas.OrgId,
            new ServiceAccountSpec { Name = "meta-rotate", Description = "Nightly export", Roles = new[] { "ORG_READ_ONLY" }, SecretExpiresAfterHours = 48 });
        vault.Put(V, "meta-rotate", sa.ClientId, SecretsEmulator.Reveal(sa.Secrets[0].Secret!),
            new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase) { [CredentialMetadata.Description] = "Nightly export" });

        // New-AtlasServiceAccountSecret -Vault V -SecretName meta-rotate -Force
        var secret = await ServiceAccountSecretWorkflows.NewAsync(connection, null, sa.ClientId, 24, new CredentialHandoff(vault, V, "meta-rotate", force: true));
        var afterForce = vault.Find(V, "meta-rotate")!;
        Assert.Equal("SecretStore/meta-rotate", secret.StoredIn);
        Assert.Equal("Nightly export", afterForce.Metadata[CredentialMetadata.Description]);
        Assert.Equal("ORG_READ_ONLY", afterForce.Metadata[CredentialMetadata.Roles]);

        // Update-AtlasCredential -ClientId ... -Vault V -SecretName meta-rotate
        var o = await RotateAsync(atlas, vault, x => { x.ClientId = sa.ClientId; x.SecretName = "meta-rotate"; });
        Assert.Null(o.Error);
        Assert.Equal("Nightly export", vault.Find(V, "meta-rotate")!.Metadata[CredentialMetadata.Description]);

        await ServiceAccountWorkflows.DeleteAsync(connection, null, sa.ClientId);
    }

    [Fact]
    public async Task A_new_organizations_store_failure_names_the_organization_that_was_deleted()
    {
        var vault = new InMemoryVault(V) { FailSetSecret = "Vault is read-only." };
        var ex = await Assert.ThrowsAsync<AtlasWorkflowException>(() => OrganizationWorkflows.CreateAsync(connection,
            new OrganizationWorkflows.NewOrganizationRequest { Name = "named-when-deleted", ApiKeyDescription = "first key" },
            new CredentialHandoff(vault, V, "org-first", false)));

        Assert.Equal("AtlasSecretStoreFailed", ex.ErrorId);
        Assert.Contains("the new organization 'named-when-deleted'", ex.Message);
        Assert.Contains("was deleted again", ex.Message);
        Assert.DoesNotContain(atlas.Server.State.Organizations, o => o.Name == "named-when-deleted");
    }
}
