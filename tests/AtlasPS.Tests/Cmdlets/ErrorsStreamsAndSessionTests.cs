using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using System.Text.Json;
using System.Text.RegularExpressions;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// What a user sees from the cmdlets in a real PowerShell 7.6: errors, -Verbose text, secrets kept out of every stream,
/// default views, CSV/JSON export, paging, tab completion, Ctrl+C and several connections.
/// </summary>
public sealed class ErrorsStreamsAndSessionTests
{
    private const string MissingId = "aaaaaaaaaaaaaaaaaaaaaaaa";

    [Fact]
    public async Task A_missing_key_is_a_non_terminating_ObjectNotFound_error_and_the_pipeline_goes_on()
    {
        await using var e = await EmulatorServer.StartAsync();
        var real = e.State.CreateApiKey("real", new[] { "ORG_READ_ONLY" });
        var doomed = e.State.CreateApiKey("doomed", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"Get-AtlasApiKey -ApiKeyId '{MissingId}', '{real.Id}' | ForEach-Object Id");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasApiKeyNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(new[] { real.Id }, o.Strings);

        o = s.Invoke($"[pscustomobject]@{{ ApiKeyId = '{MissingId}' }}, [pscustomobject]@{{ ApiKeyId = '{doomed.Id}' }} | Remove-AtlasApiKey -Confirm:$false; 'after'");
        error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasApiKeyNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Null(e.State.GetApiKey(doomed.Id));
        Assert.NotNull(e.State.GetApiKey(real.Id));
        Assert.Equal(new[] { "after" }, o.Strings);
    }

    [Fact]
    public async Task A_bad_address_is_InvalidArgument_AtlasInvalidIpAddress_before_any_request()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("k", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke($"Add-AtlasAccessListEntry -ApiKeyId '{key.Id}' -IpAddress 999.1.1.1");

        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasInvalidIpAddress", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("999.1.1.1", error.ToString());
        Assert.Equal(0, e.Requests.Count());
        Assert.Empty(e.State.ApiKeyAccessList(key.Id));
    }

    [Fact]
    public void Without_Connect_Atlas_a_cmdlet_says_AtlasNotConnected()
    {
        using var s = HostedSession.Start();
        var o = s.Invoke("Get-AtlasApiKey");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasNotConnected", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-Atlas", error.ToString());
    }

    [Fact]
    public async Task A_wrong_private_key_is_an_AuthenticationError_naming_the_public_key_never_the_private_one()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start();
        const string wrong = "0f0e0d0c-1111-2222-3333-444455556666";
        // Handed over as a SecureString variable, as a user's script would, so the script text itself never holds it.
        s.SetSecureVariable("wrong", wrong);

        var o = s.Invoke($@"
            try {{ Connect-Atlas -BaseUri '{e.BaseUri}' -PublicKey '{e.Seed.PublicKey}' -PrivateKey $wrong -Verbose -Debug -ErrorAction Stop }}
            catch {{ $_; $_ | Format-List * -Force | Out-String; $_ | Get-Error | Out-String }}");

        var error = o.Output.Select(x => x.BaseObject).OfType<ErrorRecord>().Single();
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains(e.Seed.PublicKey, error.ToString());
        Assert.Contains(e.Seed.PublicKey, error.Exception.Message + error.ErrorDetails?.Message);
        var text = o.AllText() + error.Exception;
        Assert.DoesNotContain(wrong, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(e.Seed.PrivateKey, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Verbose_shows_one_line_per_request_with_method_path_and_status()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        var o = s.Invoke(@"Get-AtlasOrganization -Verbose 4>&1 | ForEach-Object {
            if ($_ -is [System.Management.Automation.VerboseRecord]) { 'VERBOSE: ' + $_.Message } else { 'OUTPUT: ' + $_.Id } }");

        Assert.Empty(o.Errors);
        Assert.Contains(o.Strings, l => Regex.IsMatch(l, @"^VERBOSE: Atlas: GET /api/atlas/v2/orgs\S* -> 200\b"));
        Assert.Contains("OUTPUT: " + e.Seed.OrgId, o.Strings);
    }

    [Fact]
    public async Task One_time_secrets_never_reach_any_stream_or_rendered_output_even_with_Verbose_Debug_and_failures()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        var o = s.Invoke($@"
            $k = New-AtlasApiKey -Description 'secret test' -Role ORG_READ_ONLY -AccessListEntry 203.0.113.7 -Verbose -Debug
            $sa = New-AtlasServiceAccount -Name 'secret-test' -Description 'secret test' -Role ORG_READ_ONLY -IpAddress 203.0.113.7 -Verbose -Debug
            $k | Out-String; $k | Format-List * | Out-String; $k | ConvertTo-Json -Depth 4
            $sa | Out-String; $sa | Format-List * | Out-String; $sa | ConvertTo-Json -Depth 4
            Get-AtlasApiKey -ApiKeyId '{MissingId}' -Verbose -Debug
            Set-AtlasApiKey -ApiKeyId $k.Id -Role NOT_A_ROLE -Verbose -Debug
            Write-Host ('created ' + $k + ' and ' + $sa.ClientId)
            # The new key may only be used from 203.0.113.7: calls from the loopback fail.
            $c = Connect-Atlas -BaseUri '{e.BaseUri}' -PublicKey $k.PublicKey -PrivateKey $k.PrivateKey -PassThru -Verbose -Debug
            if ($c) {{ Get-AtlasOrganization -Connection $c -Verbose -Debug }}
            $d = Connect-Atlas -BaseUri '{e.BaseUri}' -ClientId $sa.ClientId -ClientSecret $sa.Secrets[0].Secret -PassThru -Verbose -Debug
            if ($d) {{ Get-AtlasApiKey -Connection $d -Verbose -Debug | Out-String }}
            $Error | ForEach-Object {{ $_ | Format-List * -Force | Out-String }}
            [pscustomobject]@{{ Key = $k.PrivateKey; Secret = $sa.Secrets[0].Secret; ErrorCount = $Error.Count }}");

        var last = o.Output[^1];
        string privateKey = HostedSession.Reveal(last.Properties["Key"].Value);
        string clientSecret = HostedSession.Reveal(last.Properties["Secret"].Value);
        Assert.True(privateKey.Length >= 16, "the private key came back");
        Assert.StartsWith("mdb_sa_sk_", clientSecret);
        Assert.True((int)last.Properties["ErrorCount"].Value >= 2, "the failing calls failed");
        Assert.NotEmpty(o.Verbose);
        Assert.NotEmpty(o.Debug.Concat(o.Verbose));
        Assert.NotEmpty(o.Warnings);

        var text = o.AllText();
        Assert.Contains("created ", text);
        Assert.DoesNotContain(privateKey, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(clientSecret, text, StringComparison.Ordinal);
        // Nor the distinctive tail of either.
        Assert.DoesNotContain(privateKey[^12..], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(clientSecret["mdb_sa_sk_".Length..], text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_AtlasApiKey_returns_a_SecureString_and_warns_and_the_default_views_render()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        var o = s.Invoke("$k = New-AtlasApiKey -Description 'view test' -Role ORG_READ_ONLY; $k");
        Assert.Empty(o.Errors);
        var key = Assert.Single(o.Output);
        Assert.IsType<SecureString>(key.Properties["PrivateKey"].Value);
        var warning = Assert.Single(o.Warnings);
        Assert.Contains("PrivateKey", warning);
        Assert.Contains((string)key.Properties["PublicKey"].Value, warning);

        o = s.Invoke("Get-AtlasApiKey | Out-String; $k | Out-String; Get-AtlasServiceAccount | Out-String; Get-AtlasProject | Out-String");
        Assert.Empty(o.Errors);
        var keys = o.Strings.First();
        var header = keys.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
        Assert.Equal(new[] { "PublicKey", "Description", "Roles", "Projects", "Id" }, Regex.Split(header, @"\s+"));
        Assert.Contains("view test", keys);
        Assert.Contains(e.Seed.PublicKey, keys);
        Assert.All(o.Strings, t => Assert.DoesNotContain("System.Security.SecureString", t));
        Assert.Contains("ClientId", o.Strings.ElementAt(2));
    }

    [Fact]
    public async Task Every_output_type_renders_its_default_view_without_type_names_or_secrets()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("viewed", new[] { "ORG_READ_ONLY", "ORG_MEMBER" });
        e.State.AddApiKeyAccessListEntry(key.Id, "198.51.100.0/24");
        e.State.AssignApiKeyToProject(key.Id, e.Seed.ProjectIds[0], new[] { "GROUP_READ_ONLY", "GROUP_DATA_ACCESS_READ_ONLY" });
        e.State.AddCluster(e.Seed.ProjectIds[0], "viewed-cluster");
        e.State.AddInvoice(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow, "PENDING", 12345);
        using var s = HostedSession.Start(e);

        var views = new Dictionary<string, string[]>
        {
            ["Get-AtlasOrganization"] = new[] { "Name", "Id" },
            ["Get-AtlasProject"] = new[] { "Name", "Id" },
            ["Get-AtlasApiKey"] = new[] { "PublicKey", "Roles" },
            [$"Get-AtlasAccessListEntry -ApiKeyId '{key.Id}'"] = new[] { "Entry", "198.51.100.0/24" },
            [$"Get-AtlasProjectAccess -ProjectId '{e.Seed.ProjectIds[0]}'"] = new[] { "ProjectId", "GROUP_READ_ONLY" },
            ["Get-AtlasServiceAccount"] = new[] { "ClientId", "Roles" },
            [$"Get-AtlasServiceAccountSecret -ClientId '{e.Seed.ServiceAccountClientId}'"] = new[] { "ExpiresAt", "MaskedSecretValue" },
            ["Get-AtlasCluster"] = new[] { "M10", "viewed-cluster" },
            ["Get-AtlasInvoice"] = new[] { "StatusName", "PENDING" },
            ["Get-AtlasAccessReport"] = new[] { "Findings", key.PublicKey },
            ["Get-AtlasConnection"] = new[] { "AuthenticationType", e.Seed.PublicKey },
        };
        var failures = new List<string>();
        foreach (var (command, expected) in views)
        {
            var o = s.Invoke(command + " | Out-String -Width 250");
            var text = string.Join("", o.Strings);
            if (o.Errors.Count > 0) failures.Add($"{command}: {o.Errors[0]}");
            foreach (var x in expected) if (!text.Contains(x, StringComparison.Ordinal)) failures.Add($"{command}: no '{x}' in\n{text}");
            foreach (var bad in new[] { "System.", "AtlasPS.", e.Seed.PrivateKey, e.Seed.ClientSecret })
                if (text.Contains(bad, StringComparison.Ordinal)) failures.Add($"{command}: shows '{bad}' in\n{text}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Access_report_exports_to_CSV_with_readable_lists_and_to_JSON()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("csv key", new[] { "ORG_READ_ONLY", "ORG_BILLING_ADMIN" });
        e.State.AddApiKeyAccessListEntry(key.Id, "203.0.113.7");
        e.State.AddApiKeyAccessListEntry(key.Id, "198.51.100.0/24");
        e.State.CreateServiceAccount("csv-sa", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);
        int principals = e.State.ApiKeys.Count + e.State.ServiceAccounts.Count;

        var o = s.Invoke("Get-AtlasAccessReport | ConvertTo-Csv -NoTypeInformation");
        Assert.Empty(o.Errors);
        var lines = o.Strings.ToList();
        Assert.Equal(principals + 1, lines.Count);
        Assert.Contains("\"AccessList\"", lines[0]);
        Assert.Contains("\"Roles\"", lines[0]);
        var row = Assert.Single(lines, l => l.Contains(key.Id, StringComparison.Ordinal));
        Assert.Contains("203.0.113.7", row);
        Assert.Contains("198.51.100.0/24", row);
        Assert.Contains("ORG_BILLING_ADMIN", row);
        Assert.All(lines, l => Assert.DoesNotContain("System.", l));
        Assert.All(lines, l => Assert.DoesNotContain("AtlasPS.", l));

        o = s.Invoke("Get-AtlasAccessReport | ConvertTo-Json -Depth 4");
        Assert.Empty(o.Errors);
        using var json = JsonDocument.Parse(string.Join("\n", o.Strings));
        Assert.Equal(principals, json.RootElement.GetArrayLength());
        Assert.Contains(json.RootElement.EnumerateArray(), x => x.GetProperty("Id").GetString() == key.Id);
    }

    [Fact]
    public async Task First_Skip_and_IncludeTotalCount_page_the_key_list()
    {
        await using var e = await EmulatorServer.StartAsync();
        for (var i = 0; i < 10; i++) e.State.CreateApiKey($"page-{i:00}", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke("(@(Get-AtlasApiKey).Id) -join ','; (@(Get-AtlasApiKey -First 3 -Skip 2).Id) -join ','");
        Assert.Empty(o.Errors);
        var all = o.Strings.First().Split(',');
        Assert.Equal(11, all.Length);
        Assert.Equal(all.Skip(2).Take(3), o.Strings.Last().Split(','));

        o = s.Invoke("Get-AtlasApiKey -IncludeTotalCount -First 2 | ForEach-Object { if ($_ -is [ulong]) { 'total:' + $_.ToString() } else { $_.Id } }");
        Assert.Empty(o.Errors);
        // The total follows the items; Atlas's totalCount is exact, so PowerShell must not call it an estimate.
        Assert.Equal(all.Take(2).Append("total:Total count: 11"), o.Strings);
    }

    [Fact]
    public async Task Tab_completes_roles_and_known_project_ids_without_a_request()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        const string roleInput = "New-AtlasApiKey -Role ORG_B";
        var o = s.Invoke($"(TabExpansion2 -inputScript '{roleInput}' -cursorColumn {roleInput.Length}).CompletionMatches.CompletionText");
        Assert.Empty(o.Errors);
        Assert.Equal(new[] { "ORG_BILLING_ADMIN", "ORG_BILLING_READ_ONLY" }, o.Strings.Order());

        Assert.Empty(s.Invoke("Get-AtlasProject | Out-Null").Errors);
        e.Requests.Clear();
        const string projectInput = "Grant-AtlasProjectAccess -ApiKeyId x -Role GROUP_READ_ONLY -ProjectId ";
        o = s.Invoke($"(TabExpansion2 -inputScript '{projectInput}' -cursorColumn {projectInput.Length}).CompletionMatches.CompletionText");
        Assert.Empty(o.Errors);
        Assert.Equal(e.Seed.ProjectIds.Order(), o.Strings.Order());
        Assert.Equal(0, e.Requests.Count());
    }

    /// <summary>
    /// Ctrl+C (PowerShell.Stop) during a request and during a project fan-out. Atlas answers only after 60 s, so a
    /// pipeline that ends within the 10 s hang detector was ended by the Stop, not by an answer (no timing is measured).
    /// </summary>
    [Theory]
    [InlineData("Get-AtlasApiKey")]
    [InlineData("$projects | Grant-AtlasProjectAccess -ApiKeyId $key -Role GROUP_READ_ONLY")]
    public async Task Stop_ends_a_command_waiting_on_Atlas_as_PipelineStopped_and_writes_nothing_after(string command)
    {
        await using var e = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 4 });
        var key = e.State.CreateApiKey("fan-out", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);
        Assert.Empty(s.Invoke($"$projects = Get-AtlasProject; $key = '{key.Id}'").Errors);
        e.Requests.Clear();
        e.Faults.LatencyMs = 60_000;

        using var ps = s.Create();
        ps.AddScript(command);
        var async = ps.BeginInvoke();
        await Task.Delay(300); // let the command reach Atlas (the emulator logs a request only once it answers)
        ps.Stop();
        Assert.True(async.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "the pipeline did not end after Stop (Atlas answers after 60 s)");
        e.Faults.LatencyMs = 0;

        Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
        Assert.Empty(ps.Streams.Error);
    }

    [Fact]
    public async Task A_missing_project_among_several_is_one_error_and_the_others_are_granted_in_order()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("grantee", new[] { "ORG_MEMBER" });
        var p = e.Seed.ProjectIds;
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"Grant-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{p[2]}', '{MissingId}', '{p[0]}' -Role GROUP_READ_ONLY | ForEach-Object ProjectId");

        var error = Assert.Single(o.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains(MissingId, error.TargetObject?.ToString() + error);
        Assert.Equal(new[] { p[2], p[0] }, o.Strings);
        Assert.Equal(new[] { p[0], p[2] }.Order(), e.State.ApiKeyProjectAssignments(key.Id).Keys.Order());
    }

    [Fact]
    public async Task Connections_from_PassThru_each_reach_their_own_Atlas()
    {
        await using var a = await EmulatorServer.StartAsync(new EmulatorOptions { OrgName = "Org-A" });
        await using var b = await EmulatorServer.StartAsync(new EmulatorOptions { OrgName = "Org-B" });
        using var s = HostedSession.Start();

        var o = s.Invoke($@"
            $a = {s.ConnectScript(a)} -PassThru
            $b = {s.ConnectScript(b)} -PassThru
            'b:' + (Get-AtlasOrganization -Connection $b).Name
            'a:' + (Get-AtlasOrganization -Connection $a).Name
            'current:' + (Get-AtlasOrganization).Name");

        Assert.Empty(o.Errors);
        Assert.Equal(new[] { "b:Org-B", "a:Org-A", "current:Org-B" }, o.Strings);
    }
}
