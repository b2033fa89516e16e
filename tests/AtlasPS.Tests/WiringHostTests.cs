using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// The wiring in a real PowerShell 7.6 importing the laid-out module: -Vault through a fake
/// Microsoft.PowerShell.SecretManagement module (Cmdlets/FakeSecretManagement.cs, on $env:PSModulePath),
/// and pipeline binding of the ApiKey / ServiceAccount parameter sets of the shared access-list and project-access cmdlets.
/// </summary>
public sealed class WiringHostTests
{
    private sealed class Outcome
    {
        public List<PSObject> Output { get; } = new();
        public List<ErrorRecord> Errors { get; } = new();
        public List<string> Warnings { get; } = new();
        public string Text(string property) => Output.Count == 0 ? "" : Output[^1].Properties[property]?.Value?.ToString() ?? "";
    }

    private static string Manifest => Path.Combine(TestPaths.OutModule, "AtlasPS.psd1");

    private static Outcome Invoke(string script)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("en-US");
        try
        {
            using var ps = PowerShell.Create(InitialSessionState.CreateDefault2());
            ps.AddScript(script);
            var outcome = new Outcome();
            outcome.Output.AddRange(ps.Invoke());
            outcome.Errors.AddRange(ps.Streams.Error);
            outcome.Warnings.AddRange(ps.Streams.Warning.Select(w => w.Message));
            return outcome;
        }
        finally { CultureInfo.CurrentUICulture = previous; }
    }

    /// <summary>Writes the fake module (Cmdlets/FakeSecretManagement.cs) into a fresh temp folder and returns the folder (for $env:PSModulePath).</summary>
    internal static string WriteFakeSecretManagement() => Cmdlets.FakeSecretManagement.Write();

    private static string Prologue(EmulatorServer emulator, string? modulePath = null) => $@"
        $ErrorActionPreference = 'Continue'
        {(modulePath is null ? "" : $"$env:PSModulePath = '{modulePath}' + [IO.Path]::PathSeparator + $env:PSModulePath")}
        Import-Module '{Manifest}' -ErrorAction Stop
        $private = ConvertTo-SecureString '{emulator.Seed.PrivateKey}' -AsPlainText -Force
        Connect-Atlas -BaseUri '{emulator.BaseUri}' -PublicKey '{emulator.Seed.PublicKey}' -PrivateKey $private -ErrorAction Stop
";

    [Fact]
    public async Task New_AtlasApiKey_Vault_stores_a_PSCredential_emits_no_secret_and_Connect_Atlas_Vault_signs_in()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var root = WriteFakeSecretManagement();
        try
        {
            var r = Invoke(Prologue(emulator, root) + $@"
                # A user's own Set-Secret must never be called: the bridge calls the module-qualified command.
                function global:Set-Secret {{ throw 'the user-defined Set-Secret was called' }}
                $out = @(New-AtlasApiKey -Description 'vault-test' -Role ORG_READ_ONLY -Vault V -SecretName atlas-ci)
                $stored = Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name atlas-ci
                $secureOut = @($out | ForEach-Object {{ $_.PSObject.Properties | Where-Object {{ $_.Value -is [securestring] }} }}).Count
                Disconnect-Atlas
                Connect-Atlas -Vault V -SecretName atlas-ci -BaseUri '{emulator.BaseUri}' -PassThru -ErrorAction Stop | Out-Null
                $identity = (Get-AtlasConnection).Identity
                $orgs = @(Get-AtlasOrganization -ErrorAction Stop).Count
                [pscustomobject]@{{
                    Count = $out.Count; PublicKey = $out[0].PublicKey; StoredIn = $out[0].StoredIn
                    PrivateKeyIsNull = ($null -eq $out[0].PrivateKey); SecureOut = $secureOut
                    StoredType = $stored.GetType().FullName; StoredUser = $stored.UserName
                    StoredSecret = $stored.GetNetworkCredential().Password.Length
                    Identity = $identity; Orgs = $orgs
                }}");
            Assert.Empty(r.Errors.Select(e => e.ToString()));
            Assert.Equal("1", r.Text("Count"));
            Assert.Equal("V/atlas-ci", r.Text("StoredIn"));
            Assert.Equal("True", r.Text("PrivateKeyIsNull"));
            Assert.Equal("0", r.Text("SecureOut"));
            Assert.Equal(typeof(PSCredential).FullName, r.Text("StoredType"));
            Assert.Equal(r.Text("PublicKey"), r.Text("StoredUser"));
            Assert.True(int.Parse(r.Text("StoredSecret")) > 0);
            Assert.Contains(r.Text("PublicKey"), r.Text("Identity"));
            Assert.True(int.Parse(r.Text("Orgs")) >= 1);
            Assert.DoesNotContain(r.Warnings, w => w.Contains("returned once", StringComparison.OrdinalIgnoreCase));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task A_failing_Set_Secret_leaves_no_key_in_Atlas()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var root = WriteFakeSecretManagement();
        try
        {
            var r = Invoke(Prologue(emulator, root) + @"
                $before = @(Get-AtlasApiKey -ErrorAction Stop).Count
                Microsoft.PowerShell.SecretManagement\Set-FakeVaultFailure -On $true
                $out = @(); $failure = $null
                try { $out = @(New-AtlasApiKey -Description 'vault-fails' -Role ORG_READ_ONLY -Vault V -SecretName broken -ErrorAction Stop) } catch { $failure = $_ }
                $after = @(Get-AtlasApiKey -ErrorAction Stop)
                [pscustomobject]@{
                    Out = $out.Count; Before = $before; After = $after.Count
                    Left = @($after | Where-Object Description -eq 'vault-fails').Count
                    ErrorId = $failure.FullyQualifiedErrorId
                    Stored = ($null -ne (Microsoft.PowerShell.SecretManagement\Get-FakeVaultEntry -Name broken))
                }");
            Assert.Equal("0", r.Text("Out"));
            Assert.Equal(r.Text("Before"), r.Text("After"));
            Assert.Equal("0", r.Text("Left"));
            Assert.StartsWith("AtlasSecretStoreFailed", r.Text("ErrorId"));   // the documented id, the same in every create command
            Assert.Equal("False", r.Text("Stored"));
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public async Task Service_accounts_and_API_keys_bind_to_their_own_sets_from_the_pipeline()
    {
        await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions());
        var clientId = emulator.Seed.ServiceAccountClientId;
        var project = emulator.Seed.ProjectIds[0];
        var r = Invoke(Prologue(emulator) + $@"
            $sa = @(Get-AtlasServiceAccount -ClientId '{clientId}' -ErrorAction Stop)
            $saAdded = @($sa | Add-AtlasAccessListEntry -IpAddress 203.0.113.5 -ErrorAction Stop)
            $saList = @(Get-AtlasAccessListEntry -ClientId '{clientId}' -ErrorAction Stop)

            $secret = @(Get-AtlasServiceAccountSecret -ClientId '{clientId}' -ErrorAction Stop) | Select-Object -First 1
            $secretAdded = @($secret | Add-AtlasAccessListEntry -IpAddress 203.0.113.9 -ErrorAction Stop)

            # Not the signed-in key: an access list without 127.0.0.1 would lock this session out.
            $newKey = New-AtlasApiKey -Description 'pipeline-binding' -Role ORG_READ_ONLY -ErrorAction Stop 3>$null
            $key = Get-AtlasApiKey -ApiKeyId $newKey.Id -ErrorAction Stop
            $keyAdded = @($key | Add-AtlasAccessListEntry -IpAddress 203.0.113.6 -ErrorAction Stop)
            $keyList = @(Get-AtlasAccessListEntry -ApiKeyId $newKey.Id -ErrorAction Stop)

            Get-AtlasAccessListEntry -ClientId '{clientId}' | Where-Object CidrBlock -like '203.0.113.*' | Remove-AtlasAccessListEntry -Confirm:$false -ErrorAction Stop
            $saAfter = @(Get-AtlasAccessListEntry -ClientId '{clientId}' -ErrorAction Stop | Where-Object CidrBlock -like '203.0.113.*')

            $granted = @($sa | Grant-AtlasProjectAccess -ProjectId '{project}' -Role GROUP_READ_ONLY -Confirm:$false -ErrorAction Stop)
            $listed = @(Get-AtlasProjectAccess -ProjectId '{project}' -ErrorAction Stop | Where-Object ClientId -eq '{clientId}')
            $revoked = @(Get-AtlasProjectAccess -ClientId '{clientId}' -ProjectId '{project}' -ErrorAction Stop | Revoke-AtlasProjectAccess -Confirm:$false -ErrorAction Stop)
            $stillInOrg = @(Get-AtlasServiceAccount -ClientId '{clientId}' -ErrorAction Stop).Count
            $projectsAfter = @(Get-AtlasProjectAccess -ClientId '{clientId}' -ErrorAction Stop | Where-Object ProjectId -eq '{project}').Count

            [pscustomobject]@{{
                SaAdded = ($saAdded | ForEach-Object {{ ""$($_.PrincipalType)|$($_.ClientId)|$($_.ApiKeyId)|$($_.IpAddress)"" }}) -join ','
                SaListed = @($saList | Where-Object IpAddress -eq '203.0.113.5').Count
                SecretAdded = ($secretAdded | ForEach-Object {{ ""$($_.PrincipalType)|$($_.ClientId)"" }}) -join ','
                KeyId = $newKey.Id
                KeyAdded = ($keyAdded | ForEach-Object {{ ""$($_.PrincipalType)|$($_.ApiKeyId)|$($_.ClientId)|$($_.IpAddress)"" }}) -join ','
                KeyListed = @($keyList | Where-Object IpAddress -eq '203.0.113.6').Count
                SaAfter = $saAfter.Count
                Granted = ($granted | ForEach-Object {{ ""$($_.ProjectId)|$($_.ClientId)|$($_.Roles -join ';')"" }}) -join ','
                Listed = $listed.Count
                Revoked = $revoked.Count
                StillInOrg = $stillInOrg
                ProjectsAfter = $projectsAfter
            }}");
        Assert.Empty(r.Errors.Select(e => e.ToString()));
        Assert.Equal($"ServiceAccount|{clientId}||203.0.113.5", r.Text("SaAdded"));
        Assert.Equal("1", r.Text("SaListed"));
        Assert.Equal($"ServiceAccount|{clientId}", r.Text("SecretAdded"));
        Assert.Equal($"ApiKey|{r.Text("KeyId")}||203.0.113.6", r.Text("KeyAdded"));
        Assert.Equal("1", r.Text("KeyListed"));
        Assert.Equal("0", r.Text("SaAfter"));
        Assert.Equal($"{project}|{clientId}|GROUP_READ_ONLY", r.Text("Granted"));
        Assert.Equal("1", r.Text("Listed"));
        Assert.Equal("0", r.Text("Revoked"));
        Assert.Equal("1", r.Text("StillInOrg"));
        Assert.Equal("0", r.Text("ProjectsAfter"));
    }
}
