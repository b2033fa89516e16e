using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// The vault hand-off as a user meets it in PowerShell 7.6, against the SecretManagement double
/// (<see cref="FakeSecretManagement"/>, imported by path so no other test sees it): the same error id for the same
/// outcome in every create command, no secret in an error once the credential is gone, vault warnings through the
/// cmdlet's warning stream, handled vault errors kept out of $Error, -WhatIf checking the vault, readable messages,
/// and -Verbose lines written while the hand-off is under way.
/// </summary>
public sealed class VaultHandoffHostTests : IDisposable
{
    private readonly string root = FakeSecretManagement.Write();

    public void Dispose()
    {
        try { Directory.Delete(root, true); } catch (IOException) { }
    }

    private HostedSession Start(EmulatorServer e)
    {
        var s = HostedSession.Start(e);
        var o = s.Invoke($"Import-Module '{FakeSecretManagement.ManifestPath(root)}' -ErrorAction Stop");
        if (o.Errors.Count > 0) throw new InvalidOperationException("Import of the SecretManagement double failed: " + o.Errors[0]);
        return s;
    }

    private const string Sm = "Microsoft.PowerShell.SecretManagement\\";

    // ------------------------------------------------------------------ the double behaves like SecretManagement

    [Fact]
    public void The_SecretManagement_double_behaves_like_the_real_module()
    {
        var o = HostedSession.RunOnce($@"
            Import-Module '{FakeSecretManagement.ManifestPath(root)}' -ErrorAction Stop
            {Sm}Register-FakeVault -Name Locked -Locked
            {Sm}Register-FakeVault -Name NoMeta -NoMetadata -Warning 'NoMeta: this vault keeps no metadata'
            $r = [ordered]@{{}}
            {Sm}Set-FakeVaultFailure -On $true
            {Sm}Set-Secret -Name a -Secret 'x' -Vault V -ErrorVariable e1 -ErrorAction SilentlyContinue
            $r.SetSecretFailureIsNonTerminating = $true          # reached: the script went on
            $r.SetSecretErrorId = $e1[0].FullyQualifiedErrorId
            {Sm}Set-FakeVaultFailure -On $false
            $r.LockedTest = {Sm}Test-SecretVault -Name Locked -ErrorVariable e2 -ErrorAction SilentlyContinue
            $r.LockedTestErrors = $e2.Count
            $r.UnknownVault = @({Sm}Get-SecretVault -Name Nope -ErrorVariable e3 -ErrorAction SilentlyContinue).Count
            $r.UnknownVaultErrors = $e3.Count
            $r.RemoveNeedsVault = (Get-Command {Sm}Remove-Secret).Parameters['Vault'].Attributes.Where({{ $_ -is [Parameter] }})[0].Mandatory
            {Sm}Set-Secret -Name same -Secret 'in-V' -Vault V
            {Sm}Set-Secret -Name same -Secret 'in-NoMeta' -Vault NoMeta -WarningVariable w1 -WarningAction SilentlyContinue
            $r.VaultSelectsStore = (({Sm}Get-Secret -Name same -Vault V -AsPlainText) + '|' + ({Sm}Get-Secret -Name same -Vault NoMeta -AsPlainText))
            $r.VaultWarns = $w1.Count
            {Sm}Set-SecretInfo -Name same -Vault NoMeta -Metadata @{{ a = 1 }} -ErrorVariable e4 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $r.SetSecretInfoNoMetaErrors = $e4.Count
            $r.AfterSetSecretInfo = 'reached'
            {Sm}Set-Secret -Name gone -Secret 'y' -Vault NoMeta -Metadata @{{ a = 1 }} -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $r.MetadataRemovesSecret = ($null -eq ({Sm}Get-FakeVaultEntry -Vault NoMeta -Name gone))
            $r.StringComesBackSecure = ({Sm}Get-Secret -Name same -Vault V) -is [securestring]
            {Sm}Set-SecretInfo -Name same -Vault V -Metadata @{{ AtlasKind = 'ApiKey' }}
            $info = {Sm}Get-SecretInfo -Name same -Vault V
            $r.MetadataType = $info.Metadata.GetType().Name
            $r.MetadataReadOnly = $info.Metadata.IsReadOnly
            [pscustomobject]$r");
        var r = o.Output.Single();
        string P(string n) => r.Properties[n]?.Value?.ToString() ?? "";
        Assert.Equal("True", P("SetSecretFailureIsNonTerminating"));
        Assert.StartsWith("SetSecretInvalidOperation", P("SetSecretErrorId"));
        Assert.Equal("False", P("LockedTest"));
        Assert.Equal("1", P("LockedTestErrors"));
        Assert.Equal("0", P("UnknownVault"));
        Assert.Equal("1", P("UnknownVaultErrors"));
        Assert.Equal("True", P("RemoveNeedsVault"));
        Assert.Equal("in-V|in-NoMeta", P("VaultSelectsStore"));
        Assert.Equal("1", P("VaultWarns"));
        Assert.Equal("1", P("SetSecretInfoNoMetaErrors"));
        Assert.Equal("reached", P("AfterSetSecretInfo"));
        Assert.Equal("True", P("MetadataRemovesSecret"));
        Assert.Equal("True", P("StringComesBackSecure"));
        Assert.StartsWith("ReadOnlyDictionary", P("MetadataType"));
        Assert.Equal("True", P("MetadataReadOnly"));
    }

    // ------------------------------------------------------------------ one id per outcome; no secret after a rollback

    public static IEnumerable<object[]> CreateCommands() => new[]
    {
        new object[] { "New-AtlasApiKey -Description 'store-fails' -Role ORG_READ_ONLY" },
        new object[] { "New-AtlasServiceAccount -Name 'store-fails' -Description 'store fails' -Role ORG_READ_ONLY" },
        new object[] { "New-AtlasServiceAccountSecret -ClientId $saClientId -ExpiresAfterHours 24" },
        new object[] { "New-AtlasOrganization -Name 'store-fails-org' -ApiKeyDescription 'first key'" },
    };

    [Theory]
    [MemberData(nameof(CreateCommands))]
    public async Task A_vault_that_refuses_the_secret_gives_AtlasSecretStoreFailed_in_every_create_command_and_no_secret(string command)
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        int keys = e.State.ApiKeys.Count, accounts = e.State.ServiceAccounts.Count, orgs = e.State.Organizations.Count;
        int secrets = e.State.GetServiceAccount(e.Seed.ServiceAccountClientId)!.Secrets.Count;
        var o = s.Invoke($@"
            $saClientId = '{e.Seed.ServiceAccountClientId}'
            {Sm}Set-FakeVaultFailure -On $true -Reason 'Vault quota exceeded.'
            $Error.Clear()
            {command} -Vault V -SecretName refused
            [pscustomobject]@{{ Target = $Error[0].TargetObject; Id = $Error[0].FullyQualifiedErrorId; Count = $Error.Count }}");

        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasSecretStoreFailed", error.FullyQualifiedErrorId);
        Assert.Contains("Vault quota exceeded", error.ErrorDetails?.Message ?? error.ToString());
        Assert.Contains("deleted again", error.ErrorDetails?.Message ?? error.ToString());
        // The credential is gone: the error hands no secret back.
        Assert.IsNotType<AtlasPS.Core.Secrets.UnstoredCredential>(error.TargetObject);
        var r = o.Output.Single();
        Assert.IsNotType<AtlasPS.Core.Secrets.UnstoredCredential>((r.Properties["Target"].Value as PSObject)?.BaseObject ?? r.Properties["Target"].Value);
        Assert.Equal("1", r.Properties["Count"].Value?.ToString());   // only AtlasPS's own error, none of the vault's
        Assert.Equal(keys, e.State.ApiKeys.Count);
        Assert.Equal(accounts, e.State.ServiceAccounts.Count);
        Assert.Equal(orgs, e.State.Organizations.Count);
        Assert.Equal(secrets, e.State.GetServiceAccount(e.Seed.ServiceAccountClientId)!.Secrets.Count);
    }

    [Fact]
    public async Task New_AtlasOrganization_store_failure_names_the_deleted_organization()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        var o = s.Invoke($@"
            {Sm}Set-FakeVaultFailure -On $true
            New-AtlasOrganization -Name 'org-named-in-error' -ApiKeyDescription 'first key' -Vault V -SecretName org-key");
        var message = Assert.Single(o.Errors).ErrorDetails!.Message;
        Assert.Contains("the new organization 'org-named-in-error'", message);
        Assert.DoesNotContain(e.State.Organizations, x => x.Name == "org-named-in-error");
    }

    // ------------------------------------------------------------------ warnings, $Error

    [Fact]
    public async Task Vault_warnings_go_through_the_cmdlets_warning_stream_and_handled_errors_stay_out_of_Error()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        s.Invoke($"{Sm}Register-FakeVault -Name NoMeta -NoMetadata -Warning 'NoMeta keeps no metadata.'");

        var silent = s.Invoke("$Error.Clear(); New-AtlasApiKey -Description 'warn-silent' -Role ORG_READ_ONLY -Vault NoMeta -SecretName k1 -WarningAction SilentlyContinue | Out-Null; $Error.Count");
        Assert.Empty(silent.Errors);
        Assert.Empty(silent.Warnings);
        Assert.DoesNotContain("WARNING", silent.HostText);
        Assert.Equal("0", silent.Strings.Single());      // the handled Set-SecretInfo failure is not in $Error

        var captured = s.Invoke("New-AtlasApiKey -Description 'warn-var' -Role ORG_READ_ONLY -Vault NoMeta -SecretName k2 -WarningVariable wv 3>$null | Out-Null; $wv | ForEach-Object Message");
        Assert.Empty(captured.Errors);
        Assert.DoesNotContain("WARNING", captured.HostText);          // 3>$null: nothing printed
        Assert.Contains(captured.Strings, w => w.Contains("NoMeta keeps no metadata."));
        Assert.Contains(captured.Strings, w => w.Contains("metadata") && w.Contains("could not be written"));

        var shown = s.Invoke("New-AtlasApiKey -Description 'warn-shown' -Role ORG_READ_ONLY -Vault NoMeta -SecretName k3 | Out-Null");
        Assert.Contains(shown.Warnings, w => w.Contains("NoMeta keeps no metadata."));
        Assert.Equal(shown.Warnings.Count, shown.Warnings.Distinct().Count());   // each once
        // Printed once, by the cmdlet's own warning stream: not also straight to the host by the nested vault call.
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(shown.HostText, "NoMeta keeps no metadata"));
    }

    // ------------------------------------------------------------------ -WhatIf

    [Fact]
    public async Task WhatIf_with_Vault_reports_what_the_real_run_would_refuse()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        s.Invoke($"{Sm}Set-Secret -Vault V -Name taken -Secret 'old'");
        e.Requests.Clear();

        var unknown = s.Invoke("New-AtlasApiKey -Description 'whatif' -Role ORG_READ_ONLY -Vault Nope -SecretName k -WhatIf");
        Assert.StartsWith("AtlasVaultNotFound", Assert.Single(unknown.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain("What if", unknown.HostText);

        var taken = s.Invoke("New-AtlasServiceAccount -Name 'whatif' -Description 'w' -Role ORG_READ_ONLY -Vault V -SecretName taken -WhatIf");
        Assert.StartsWith("AtlasSecretNameExists", Assert.Single(taken.Errors).FullyQualifiedErrorId);

        var fine = s.Invoke("New-AtlasApiKey -Description 'whatif' -Role ORG_READ_ONLY -Vault V -SecretName free -WhatIf");
        Assert.Empty(fine.Errors);
        Assert.Contains("What if", fine.HostText);
        Assert.Contains("vault 'V'", fine.HostText);

        Assert.DoesNotContain(e.Requests.Entries, r => r.Method != "GET");
    }

    // ------------------------------------------------------------------ messages

    [Fact]
    public async Task A_locked_vault_is_reported_in_the_vaults_words_without_PowerShell_internals()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        var o = s.Invoke($"{Sm}Set-FakeVaultLock -Locked $true; New-AtlasApiKey -Description 'locked' -Role ORG_READ_ONLY -Vault V -SecretName k");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasVaultUnavailable", error.FullyQualifiedErrorId);
        var message = error.ErrorDetails!.Message;
        Assert.Contains("A valid password is required", message);
        Assert.DoesNotContain("Exception calling", message);
        Assert.DoesNotContain("argument(s)", message);
        Assert.DoesNotContain(e.State.ApiKeys, k => k.Description == "locked");
    }

    [Fact]
    public async Task Without_Vault_the_warning_says_how_to_store_what_Connect_Atlas_reads()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        var o = s.Invoke("$k = New-AtlasApiKey -Description 'plain' -Role ORG_READ_ONLY; $k.Id");
        var w = Assert.Single(o.Warnings);
        Assert.Contains("[pscredential]::new($key.PublicKey, $key.PrivateKey)", w);
        Assert.DoesNotContain("-SecureStringSecret", w);
    }

    // ------------------------------------------------------------------ one dispatcher: -Verbose while the hand-off runs

    [Fact]
    public async Task Verbose_lines_appear_while_the_hand_off_is_under_way_not_after_it()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = Start(e);
        var o = s.Invoke(@"
            $global:FakeVaultTrace = [System.Collections.Generic.List[string]]::new()
            New-AtlasApiKey -Description 'verbose-order' -Role ORG_READ_ONLY -AccessListEntry 203.0.113.7 -Vault V -SecretName ordered -Verbose 4>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.VerboseRecord]) { $global:FakeVaultTrace.Add('verbose: ' + $_.Message) }
            }
            $global:FakeVaultTrace");
        Assert.Empty(o.Errors);
        var trace = o.Strings.ToList();
        int post = trace.FindIndex(t => t.StartsWith("verbose: Atlas: POST", StringComparison.Ordinal) && t.Contains("/apiKeys") && !t.Contains("accessList"));
        int set = trace.FindIndex(t => t.StartsWith("vault: Set-Secret V/ordered", StringComparison.Ordinal));
        int accessList = trace.FindIndex(t => t.StartsWith("verbose: Atlas: POST", StringComparison.Ordinal) && t.Contains("accessList"));
        Assert.True(post >= 0, string.Join("\n", trace));
        Assert.True(set >= 0, string.Join("\n", trace));
        Assert.True(post < set, "the create's -Verbose line must be written before the vault call, not queued behind it:\n" + string.Join("\n", trace));
        Assert.True(set < accessList, string.Join("\n", trace));
    }
}
