using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// The class-based DSC resources (AtlasApiKey, AtlasServiceAccount) driven as the LCM drives them, through their
/// Get/Test/Set methods, in a real PowerShell 7.6 runspace (`using module` of the laid-out DSC psm1) against the
/// emulator; the vault is the fake SecretManagement module of <see cref="WiringHostTests"/>. Requests are counted in the
/// emulator's request log. PSDesiredStateConfiguration itself is not available here.
/// </summary>
public sealed class DscResourceTests
{
    private static string DscModule => Path.Combine(TestPaths.OutModule, "DSCResources", "AtlasPS.DscResources.psm1");
    private static readonly string[] Writes = { "POST", "PATCH", "PUT", "DELETE" };

    /// <summary>A hosted runspace with AtlasPS, the fake vault 'V' and $dscCred (the seeded owner key) ready.</summary>
    private sealed class Dsc : IAsyncDisposable
    {
        public EmulatorServer Emulator { get; private init; } = null!;
        public HostedSession Session { get; private init; } = null!;
        private string fakeRoot = "";

        public static async Task<Dsc> StartAsync()
        {
            var emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 3 });
            var d = new Dsc { Emulator = emulator, Session = HostedSession.Start(emulator), fakeRoot = WiringHostTests.WriteFakeSecretManagement() };
            d.Session.SetSecureVariable("dscPrivate", emulator.Seed.PrivateKey);
            var o = d.Session.Invoke($@"
                Import-Module '{Path.Combine(d.fakeRoot, "Microsoft.PowerShell.SecretManagement", "Microsoft.PowerShell.SecretManagement.psd1")}' -ErrorAction Stop
                $global:dscCred = [pscredential]::new('{emulator.Seed.PublicKey}', $dscPrivate)");
            Assert.Empty(o.Errors);
            return d;
        }

        /// <summary>Runs a script with the DSC classes in scope.</summary>
        public HostedOutcome Run(string script) => Session.Invoke($"using module '{DscModule}'\n" + script);

        /// <summary>PowerShell that makes $name an AtlasApiKey for <paramref name="description"/>, connected through $dscCred.</summary>
        public string Key(string name, string description, string more = "") => $@"
            ${name} = [AtlasApiKey]::new()
            ${name}.OrganizationId = '{Emulator.Seed.OrgId}'
            ${name}.Description = '{description}'
            ${name}.BaseUri = '{Emulator.BaseUri}'
            ${name}.Credential = $dscCred
            {more}
";

        public string Account(string name, string accountName, string more = "") => $@"
            ${name} = [AtlasServiceAccount]::new()
            ${name}.OrganizationId = '{Emulator.Seed.OrgId}'
            ${name}.Name = '{accountName}'
            ${name}.BaseUri = '{Emulator.BaseUri}'
            ${name}.Credential = $dscCred
            {more}
";

        public string Project(int i) => Emulator.Seed.ProjectIds[i];

        public int WriteCount() => Emulator.Requests.Count(e => Writes.Contains(e.Method));

        public async ValueTask DisposeAsync()
        {
            Session.Dispose();
            await Emulator.DisposeAsync();
            try { Directory.Delete(fakeRoot, true); } catch (IOException) { }
        }
    }

    private static string Text(HostedOutcome o, string property) =>
        o.Output.Count == 0 ? "" : o.Output[^1].Properties[property]?.Value?.ToString() ?? "";

    private static void NoErrors(HostedOutcome o) =>
        Assert.True(o.Errors.Count == 0, string.Join("\n", o.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e)));

    private const string CostTool = @"
            $k.Roles = 'ORG_BILLING_READ_ONLY', 'ORG_READ_ONLY'
            $k.AccessList = '203.0.113.10', '203.0.113.11', '198.51.100.0/24'
            $k.VaultName = 'V'; $k.SecretName = 'atlas-cost-tool'";

    private string ProjectRoles(Dsc d) => $@"
            $k.ProjectRoles = @(
                [AtlasProjectRole]@{{ ProjectId = '{d.Project(0)}'; Roles = 'GROUP_READ_ONLY' }},
                [AtlasProjectRole]@{{ ProjectId = '{d.Project(1)}'; Roles = 'GROUP_READ_ONLY' }})";

    [Fact]
    public async Task AtlasApiKey_creates_a_missing_key_with_vault_access_list_and_projects_then_stays_quiet()
    {
        await using var d = await Dsc.StartAsync();
        var define = d.Key("k", "cost-tool", CostTool + ProjectRoles(d));

        var before = d.Run(define + @"
            $g = $k.Get()
            [pscustomobject]@{ Test = $k.Test(); Ensure = $g.Ensure; Codes = ($g.Reasons.Code -join ',') }");
        NoErrors(before);
        Assert.Equal("False", Text(before, "Test"));
        Assert.Equal("Absent", Text(before, "Ensure"));
        Assert.Equal("AtlasApiKey:Ensure:Absent", Text(before, "Codes"));

        var set = d.Run(define + @"
            $k.Set()
            $stored = Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-cost-tool
            $g = $k.Get()
            [pscustomobject]@{
                Test = $k.Test(); Id = $g.ApiKeyId; PublicKey = $g.PublicKey; StoredUser = $stored.UserName
                StoredType = $stored.GetType().Name; Reasons = @($g.Reasons).Count
            }");
        NoErrors(set);
        Assert.Equal("True", Text(set, "Test"));
        Assert.Equal("0", Text(set, "Reasons"));
        Assert.Equal("PSCredential", Text(set, "StoredType"));
        Assert.Equal(Text(set, "PublicKey"), Text(set, "StoredUser"));
        var key = d.Emulator.State.ApiKeys.Single(k => k.Description == "cost-tool");
        Assert.Equal(Text(set, "Id"), key.Id);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, key.OrgRoles.Order());
        Assert.Equal(new[] { "198.51.100.0/24", "203.0.113.10/32", "203.0.113.11/32" }, key.AccessList.Select(e => e.CidrBlock).Order());
        Assert.Equal(new[] { d.Project(0), d.Project(1) }.Order(), key.ProjectRoles.Keys.Order());
        Assert.All(key.ProjectRoles.Values, r => Assert.Equal(new[] { "GROUP_READ_ONLY" }, r));

        // A second Set sends no write request at all.
        d.Emulator.Requests.Clear();
        var again = d.Run(define + "$k.Set(); [pscustomobject]@{ Test = $k.Test() }");
        NoErrors(again);
        Assert.Equal("True", Text(again, "Test"));
        Assert.Equal(0, d.WriteCount());

        // Test() of a compliant key: at most 3 requests after the connection (keys with their project roles, access list).
        d.Emulator.Requests.Clear();
        var test = d.Run(define + "[pscustomobject]@{ Test = $k.Test() }");
        NoErrors(test);
        Assert.Equal("True", Text(test, "Test"));
        var log = d.Emulator.Requests.Entries;
        int connected = log.ToList().FindIndex(e => e.Method == "GET" && e.Path.EndsWith("/orgs", StringComparison.Ordinal) && e.Status == 200);
        Assert.True(connected >= 0, "no connection request in the log");
        var after = log.Skip(connected + 1).ToList();
        Assert.True(after.Count <= 3, "Test() sent " + after.Count + " requests after connecting: " + string.Join(", ", after.Select(e => e.Method + " " + e.Path)));
        Assert.All(after, e => Assert.Equal("GET", e.Method));
    }

    [Fact]
    public async Task AtlasApiKey_reports_drift_made_with_the_cmdlets_and_fixes_exactly_that()
    {
        await using var d = await Dsc.StartAsync();
        var define = d.Key("k", "cost-tool", CostTool + ProjectRoles(d));
        NoErrors(d.Run(define + "$k.Set()"));
        var id = d.Emulator.State.ApiKeys.Single(k => k.Description == "cost-tool").Id;

        // Out of band: an extra address, a changed role, a project removed.
        NoErrors(d.Session.Invoke($@"
            Add-AtlasAccessListEntry -ApiKeyId {id} -IpAddress 192.0.2.99 -ErrorAction Stop | Out-Null
            Set-AtlasApiKey -ApiKeyId {id} -Role ORG_BILLING_READ_ONLY, ORG_MEMBER -ErrorAction Stop | Out-Null
            Revoke-AtlasProjectAccess -ApiKeyId {id} -ProjectId {d.Project(1)} -Confirm:$false -ErrorAction Stop | Out-Null"));

        var drift = d.Run(define + @"
            $g = $k.Get()
            [pscustomobject]@{ Test = $k.Test(); Reasons = (@($g.Reasons | ForEach-Object { $_.Code + ' ' + $_.Phrase }) -join '|') }");
        NoErrors(drift);
        Assert.Equal("False", Text(drift, "Test"));
        var reasons = Text(drift, "Reasons").Split('|');
        Assert.Equal(4, reasons.Length);
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:AccessList:Extra 192.0.2.99", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:Roles:Missing", StringComparison.Ordinal) && r.Contains("ORG_READ_ONLY"));
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:Roles:Extra", StringComparison.Ordinal) && r.Contains("ORG_MEMBER"));
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:ProjectRoles:Missing", StringComparison.Ordinal) && r.Contains(d.Project(1)));

        d.Emulator.Requests.Clear();
        var fix = d.Run(define + "$k.Set(); [pscustomobject]@{ Test = $k.Test() }");
        NoErrors(fix);
        Assert.Equal("True", Text(fix, "Test"));
        var writes = d.Emulator.Requests.Entries.Where(e => Writes.Contains(e.Method)).Select(e => e.Method + " " + e.Path).ToList();
        Assert.Equal(3, writes.Count);
        Assert.Contains(writes, w => w.StartsWith("PATCH", StringComparison.Ordinal) && w.EndsWith("/apiKeys/" + id, StringComparison.Ordinal));
        Assert.Contains(writes, w => w.StartsWith("DELETE", StringComparison.Ordinal) && w.Contains("/accessList/192.0.2.99"));
        Assert.Contains(writes, w => w.Contains(d.Project(1)));
        var key = d.Emulator.State.ApiKeys.Single(k => k.Id == id);
        Assert.Equal(new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" }, key.OrgRoles.Order());
        Assert.Equal(3, key.AccessList.Count);
        Assert.Equal(2, key.ProjectRoles.Count);
    }

    [Fact]
    public async Task AtlasApiKey_include_and_exclude_touch_only_the_entries_they_name()
    {
        await using var d = await Dsc.StartAsync();
        NoErrors(d.Run(d.Key("k", "partial", CostTool) + "$k.Set()"));
        var define = d.Key("p", "partial", @"
            $p.AccessListToInclude = '192.0.2.1'
            $p.AccessListToExclude = '203.0.113.11'");
        var o = d.Run(define + @"
            $before = $p.Test(); $p.Set()
            [pscustomobject]@{ Before = $before; After = $p.Test() }");
        NoErrors(o);
        Assert.Equal("False", Text(o, "Before"));
        Assert.Equal("True", Text(o, "After"));
        var key = d.Emulator.State.ApiKeys.Single(k => k.Description == "partial");
        Assert.Equal(new[] { "192.0.2.1/32", "198.51.100.0/24", "203.0.113.10/32" }, key.AccessList.Select(e => e.CidrBlock).Order());

        var both = d.Run(d.Key("b", "partial", "$b.AccessList = '192.0.2.1'; $b.AccessListToInclude = '192.0.2.2'") + "$b.Test()");
        Assert.Contains(both.Errors, e => e.FullyQualifiedErrorId.StartsWith("AtlasDscAccessListConflict", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AtlasApiKey_refuses_an_ambiguous_description_and_a_create_without_vault_and_deletes_when_Absent()
    {
        await using var d = await Dsc.StartAsync();
        // Two keys share a description: Get names both, Test is false, Set changes nothing and names both ids.
        NoErrors(d.Session.Invoke("1..2 | ForEach-Object { New-AtlasApiKey -Description twin -Role ORG_READ_ONLY -ErrorAction Stop 3>$null | Out-Null }"));
        var ids = d.Emulator.State.ApiKeys.Where(k => k.Description == "twin").Select(k => k.Id).ToList();
        Assert.Equal(2, ids.Count);
        d.Emulator.Requests.Clear();
        var twinDefine = d.Key("t", "twin", "$t.Roles = 'ORG_MEMBER'; $t.VaultName = 'V'; $t.SecretName = 'twin'");
        var twin = d.Run(twinDefine + @"
            $g = $t.Get()
            [pscustomobject]@{ Test = $t.Test(); Codes = ($g.Reasons.Code -join ','); Phrase = ($g.Reasons.Phrase -join ',') }");
        NoErrors(twin);
        Assert.Equal("False", Text(twin, "Test"));
        Assert.Equal("AtlasApiKey:Description:Ambiguous", Text(twin, "Codes"));
        Assert.All(ids, id => Assert.Contains(id, Text(twin, "Phrase")));
        var refused = Assert.Single(d.Run(twinDefine + "$t.Set()").Errors);
        Assert.StartsWith("AtlasDscAmbiguousApiKey", refused.FullyQualifiedErrorId);
        Assert.All(ids, id => Assert.Contains(id, refused.ToString()));
        Assert.Equal(0, d.WriteCount());

        // No vault: refused before any write (a VaultName without SecretName before any request at all).
        d.Emulator.Requests.Clear();
        var half = d.Run(d.Key("h", "no-vault", "$h.Roles = 'ORG_READ_ONLY'; $h.VaultName = 'V'") + "$h.Set()");
        Assert.StartsWith("AtlasDscVaultIncomplete", Assert.Single(half.Errors).FullyQualifiedErrorId);
        Assert.Equal(0, d.Emulator.Requests.Count());
        var none = d.Run(d.Key("n", "no-vault", "$n.Roles = 'ORG_READ_ONLY'") + "$n.Set()");
        var noVault = Assert.Single(none.Errors);
        Assert.StartsWith("AtlasDscVaultRequired", noVault.FullyQualifiedErrorId);
        Assert.Contains("VaultName", noVault.ToString());
        Assert.Equal(0, d.WriteCount());
        Assert.DoesNotContain(d.Emulator.State.ApiKeys, k => k.Description == "no-vault");

        // Ensure Absent deletes the key, and then Test is true.
        NoErrors(d.Run(d.Key("k", "cost-tool", CostTool) + "$k.Set()"));
        Assert.Contains(d.Emulator.State.ApiKeys, k => k.Description == "cost-tool");
        var absent = d.Run(d.Key("a", "cost-tool", "$a.Ensure = 'Absent'") + @"
            $before = $a.Test(); $a.Set()
            [pscustomobject]@{ Before = $before; After = $a.Test(); Ensure = $a.Get().Ensure }");
        NoErrors(absent);
        Assert.Equal("False", Text(absent, "Before"));
        Assert.Equal("True", Text(absent, "After"));
        Assert.Equal("Absent", Text(absent, "Ensure"));
        Assert.DoesNotContain(d.Emulator.State.ApiKeys, k => k.Description == "cost-tool");
    }

    [Fact]
    public async Task AtlasApiKey_shows_no_secret_in_Get_Verbose_or_errors_and_rolls_back_a_key_it_cannot_store()
    {
        await using var d = await Dsc.StartAsync();
        var define = d.Key("k", "cost-tool", CostTool + ProjectRoles(d));
        var o = d.Run("$VerbosePreference = 'Continue'\n" + define + @"
            $k.Set()
            $g = $k.Get()
            $secretProps = @($g.PSObject.Properties | Where-Object { $_.Value -is [securestring] -or $_.Value -is [pscredential] }).Count
            $stored = (Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-cost-tool).GetNetworkCredential().Password
            [pscustomobject]@{ SecretProps = $secretProps; Rendered = ($g | Format-List * | Out-String); Stored = $stored }");
        NoErrors(o);
        Assert.Equal("0", Text(o, "SecretProps"));
        Assert.NotEmpty(o.Verbose);
        string createdPrivateKey = Text(o, "Stored");
        Assert.True(createdPrivateKey.Length > 8);
        string everything = Text(o, "Rendered") + "\n" + string.Join("\n", o.Verbose) + "\n" + string.Join("\n", o.Warnings) + "\n" + o.HostText;
        Assert.DoesNotContain(createdPrivateKey, everything);
        Assert.DoesNotContain(d.Emulator.Seed.PrivateKey, everything);

        // The vault refuses: the key Set created is deleted again, and the error holds no secret.
        var failing = d.Run("$VerbosePreference = 'Continue'\nMicrosoft.PowerShell.SecretManagement\\Set-FakeVaultFailure -On $true\n"
            + d.Key("f", "unstorable", "$f.Roles = 'ORG_READ_ONLY'; $f.VaultName = 'V'; $f.SecretName = 'unstorable'") + "$f.Set()");
        var error = Assert.Single(failing.Errors);
        Assert.StartsWith("AtlasSecretStoreFailed", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(d.Emulator.State.ApiKeys, k => k.Description == "unstorable");
        Assert.DoesNotContain(d.Emulator.Seed.PrivateKey, failing.AllText());
    }

    [Fact]
    public async Task AtlasServiceAccount_creates_then_rotates_a_secret_that_expires_soon_keeping_the_old_one()
    {
        await using var d = await Dsc.StartAsync();
        var define = d.Account("s", "deploy-bot", $@"
            $s.Description = 'CI deployments'
            $s.Roles = 'ORG_READ_ONLY'
            $s.AccessList = '203.0.113.20'
            $s.ProjectRoles = @([AtlasProjectRole]@{{ ProjectId = '{d.Project(2)}'; Roles = 'GROUP_READ_ONLY' }})
            $s.SecretExpiresAfterHours = 720
            $s.RotateWhenExpiringWithinDays = 7
            $s.VaultName = 'V'; $s.SecretName = 'atlas-deploy-bot'");
        var created = d.Run(define + @"
            $before = $s.Test(); $s.Set()
            [pscustomobject]@{ Before = $before; After = $s.Test(); ClientId = $s.Get().ClientId
                StoredUser = (Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-deploy-bot).UserName }");
        NoErrors(created);
        Assert.Equal("False", Text(created, "Before"));
        Assert.Equal("True", Text(created, "After"));
        var clientId = Text(created, "ClientId");
        Assert.Equal(clientId, Text(created, "StoredUser"));
        var sa = d.Emulator.State.ServiceAccounts.Single(a => a.ClientId == clientId);
        Assert.Equal("CI deployments", sa.Description);
        Assert.Equal(new[] { "203.0.113.20/32" }, sa.AccessList.Select(e => e.CidrBlock));
        Assert.Equal(new[] { d.Project(2) }, sa.ProjectRoles.Keys);
        Assert.Single(sa.Secrets);

        d.Emulator.Requests.Clear();
        NoErrors(d.Run(define + "$s.Set()"));
        Assert.Equal(0, d.WriteCount());

        // A secret that expires within 7 days: an account made with the cmdlets whose only secret lives 24 hours.
        NoErrors(d.Session.Invoke("New-AtlasServiceAccount -Name short-lived -Description 'short lived' -Role ORG_READ_ONLY -SecretExpiresAfterHours 24 -Vault V -SecretName atlas-short -ErrorAction Stop | Out-Null"));
        var shortDefine = d.Account("r", "short-lived", @"
            $r.RotateWhenExpiringWithinDays = 7
            $r.SecretExpiresAfterHours = 720
            $r.VaultName = 'V'; $r.SecretName = 'atlas-short'");
        var rotate = d.Run(shortDefine + @"
            $old = (Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-short).GetNetworkCredential().Password
            $g = $r.Get()
            $before = $r.Test()
            $r.Set()
            $new = (Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-short).GetNetworkCredential().Password
            [pscustomobject]@{ Before = $before; Codes = ($g.Reasons.Code -join ','); After = $r.Test(); Changed = ($old -ne $new) }");
        NoErrors(rotate);
        Assert.Equal("False", Text(rotate, "Before"));
        Assert.Equal("AtlasServiceAccount:Secret:Expiring", Text(rotate, "Codes"));
        Assert.Equal("True", Text(rotate, "After"));
        Assert.Equal("True", Text(rotate, "Changed"));
        var rotated = d.Emulator.State.ServiceAccounts.Single(a => a.Name == "short-lived");
        Assert.Equal(2, rotated.Secrets.Count);
        Assert.Contains(rotated.Secrets, s => s.ExpiresAt > DateTimeOffset.UtcNow.AddDays(29));
        Assert.Contains(rotated.Secrets, s => s.ExpiresAt < DateTimeOffset.UtcNow.AddDays(2));

        var absent = d.Run(d.Account("x", "deploy-bot", "$x.Ensure = 'Absent'") + "$x.Set(); [pscustomobject]@{ After = $x.Test() }");
        NoErrors(absent);
        Assert.Equal("True", Text(absent, "After"));
        Assert.DoesNotContain(d.Emulator.State.ServiceAccounts, a => a.ClientId == clientId);
    }

    [Fact]
    public void Get_Module_ListAvailable_shows_the_DSC_resources()
    {
        var o = HostedSession.RunOnce($"(Get-Module -ListAvailable '{Path.Combine(TestPaths.OutModule, "AtlasPS.psd1")}').ExportedDscResources -join ','");
        Assert.Empty(o.Errors);
        Assert.Equal("AtlasApiKey,AtlasServiceAccount", string.Join(",", o.Strings));
    }

    [Fact]
    public void Every_property_of_the_resources_is_documented_in_about_AtlasPS_DSC()
    {
        var psm1 = File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "src", "AtlasPS", "DSCResources", "AtlasPS.DscResources.psm1"));
        var doc = File.ReadAllText(Path.Combine(TestPaths.Repo.Docs, "about_AtlasPS_DSC.md"));
        var properties = System.Text.RegularExpressions.Regex.Matches(psm1, @"\[DscProperty[^\]]*\]\s*(?:\[(?:[^\[\]]|\[\])+\]\s*)*\$(\w+)")
            .Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(properties.Count >= 20, "the property list was not read: " + string.Join(",", properties));
        Assert.All(properties, p => Assert.Matches(@"(?<![\w$])" + p + @"(?!\w)", doc));
        foreach (var resource in new[] { "AtlasApiKey", "AtlasServiceAccount", "AtlasProjectRole", "AtlasReason" })
            Assert.Contains("class " + resource, psm1);
    }
}
