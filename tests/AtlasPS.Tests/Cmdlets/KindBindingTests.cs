using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// Issue 15: piped objects bind only to the parameter of their own kind (organization → -OrganizationId, project →
/// -ProjectId, key → -ApiKeyId, service account → -ClientId); commands that act for a principal say which parameters
/// they need when none is given; credential removals ask; closed connections are named as closed. Real PowerShell 7.6
/// hosting the built module against the in-process emulator.
/// </summary>
public sealed class KindBindingTests
{
    private static readonly string[] Mutating = { "POST", "PATCH", "PUT", "DELETE" };

    private static string Errors(HostedOutcome o) => string.Join(" | ", o.Errors.Select(x => x.FullyQualifiedErrorId + ": " + x));

    // ---- point 2: a project piped into Get-AtlasServiceAccount lists that project's accounts

    [Fact]
    public async Task Get_AtlasProject_piped_to_Get_AtlasServiceAccount_equals_Get_AtlasServiceAccount_ProjectId()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds;
        var inProject = e.State.CreateServiceAccount("in-project", new[] { "ORG_READ_ONLY" });
        var elsewhere = e.State.CreateServiceAccount("elsewhere", new[] { "ORG_MEMBER" });
        e.State.AssignServiceAccountToProject(inProject.ClientId, p[0], new[] { "GROUP_DATA_ACCESS_READ_ONLY" });
        e.State.AssignServiceAccountToProject(elsewhere.ClientId, p[1], new[] { "GROUP_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var piped = s.Invoke($"Get-AtlasProject -ProjectId '{p[0]}' | Get-AtlasServiceAccount | ForEach-Object {{ $_.ClientId + '=' + ($_.Roles -join ',') + '@' + $_.ProjectId }}");
        var direct = s.Invoke($"Get-AtlasServiceAccount -ProjectId '{p[0]}' | ForEach-Object {{ $_.ClientId + '=' + ($_.Roles -join ',') + '@' + $_.ProjectId }}");

        Assert.True(piped.Errors.Count == 0, Errors(piped));
        Assert.Empty(direct.Errors);
        Assert.Equal(new[] { inProject.ClientId + "=GROUP_DATA_ACCESS_READ_ONLY@" + p[0] }, piped.Strings.ToArray());
        Assert.Equal(direct.Strings.ToArray(), piped.Strings.ToArray());

        // Every project piped: each lists its own accounts, no organization-wide listing at all.
        e.Requests.Clear();
        var all = s.Invoke("Get-AtlasProject | Get-AtlasServiceAccount | ForEach-Object { $_.ClientId + '@' + $_.ProjectId }");
        Assert.True(all.Errors.Count == 0, Errors(all));
        Assert.Equal(new[] { elsewhere.ClientId + "@" + p[1], inProject.ClientId + "@" + p[0] }.Order(), all.Strings.Order());
        Assert.DoesNotContain(e.Requests.Entries, r => r.Method == "GET" && r.Path.Contains("/orgs/", StringComparison.Ordinal) && r.Path.EndsWith("/serviceAccounts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AtlasOrganization_piped_to_Get_AtlasServiceAccount_still_lists_the_organizations_accounts()
    {
        await using var e = await EmulatorServer.StartAsync();
        e.State.CreateServiceAccount("one", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasOrganization | Get-AtlasServiceAccount | ForEach-Object ClientId");
        var direct = s.Invoke("Get-AtlasServiceAccount | ForEach-Object ClientId");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.Equal(e.State.ServiceAccounts.Count, o.Output.Count);
        Assert.Equal(direct.Strings.Order(), o.Strings.Order());
    }

    // ---- point 3: an organization's or project's Id never binds as a key, invoice or secret id

    [Fact]
    public async Task Get_AtlasOrganization_piped_to_Get_AtlasApiKey_lists_the_keys_of_the_organization()
    {
        await using var e = await EmulatorServer.StartAsync();
        e.State.CreateApiKey("first", new[] { "ORG_READ_ONLY" });
        e.State.CreateApiKey("second", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasOrganization | Get-AtlasApiKey | ForEach-Object Description");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.Equal(e.State.ApiKeys.Select(k => k.Description).Order(), o.Strings.Order());
    }

    [Fact]
    public async Task Get_AtlasOrganization_piped_to_Get_AtlasInvoice_lists_the_invoices_and_an_invoice_pipes_by_InvoiceId()
    {
        await using var e = await EmulatorServer.StartAsync();
        var id = e.State.AddInvoice(DateTimeOffset.UtcNow.AddDays(-40), DateTimeOffset.UtcNow.AddDays(-10), "PAID", 12345, 12345);
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasOrganization | Get-AtlasInvoice | ForEach-Object Id");
        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.Contains(id, o.Strings);

        var again = s.Invoke($"Get-AtlasInvoice -InvoiceId '{id}' | Get-AtlasInvoice | ForEach-Object InvoiceId");
        Assert.True(again.Errors.Count == 0, Errors(again));
        Assert.Equal(new[] { id }, again.Strings.ToArray());
    }

    [Fact]
    public async Task A_project_piped_to_Remove_AtlasApiKey_is_not_taken_for_a_key()
    {
        await using var e = await EmulatorServer.StartAsync();
        var project = e.Seed.ProjectIds[0];
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke($"Get-AtlasProject -ProjectId '{project}' | Remove-AtlasApiKey -WhatIf");

        Assert.DoesNotContain(project, o.HostText);
        Assert.DoesNotContain("What if:", o.HostText);
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("InputObject", error.FullyQualifiedErrorId); // InputObjectNotBound or InputObjectMissingMandatory: no key id bound
        Assert.DoesNotContain(e.Requests.Entries, r => Mutating.Contains(r.Method));
    }

    [Theory]
    [InlineData("Get-AtlasOrganization | Remove-AtlasApiKey -WhatIf")]
    [InlineData("Get-AtlasOrganization | Set-AtlasApiKey -Description x -WhatIf")]
    [InlineData("Get-AtlasOrganization | Remove-AtlasServiceAccountSecret -ClientId mdb_sa_id_0123456789abcdef01234567 -WhatIf")]
    public async Task An_organizations_Id_does_not_bind_as_a_key_or_secret_id(string pipeline)
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        var o = s.Invoke(pipeline);

        Assert.DoesNotContain(e.Seed.OrgId, o.HostText);
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("InputObject", error.FullyQualifiedErrorId); // InputObjectNotBound or InputObjectMissingMandatory: no key id bound
    }

    // ---- point 4: API key objects pipe into project access

    [Fact]
    public async Task An_API_key_pipes_into_Grant_and_Get_AtlasProjectAccess_and_ApiKeyId_alone_lists_its_projects()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds;
        var key = e.State.CreateApiKey("piped", new[] { "ORG_MEMBER" });
        e.State.AssignApiKeyToProject(key.Id, p[1], new[] { "GROUP_OWNER" });
        using var s = HostedSession.Start(e);

        var grant = s.Invoke($"$key = Get-AtlasApiKey -ApiKeyId '{key.Id}'; $key | Grant-AtlasProjectAccess -ProjectId '{p[0]}' -Role GROUP_READ_ONLY | ForEach-Object {{ $_.ApiKeyId + '@' + $_.ProjectId }}");
        Assert.True(grant.Errors.Count == 0, Errors(grant));
        Assert.Equal(new[] { key.Id + "@" + p[0] }, grant.Strings.ToArray());
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, e.State.ApiKeyProjectAssignments(key.Id)[p[0]]);

        string expected = string.Join(";", new[] { p[0] + "=GROUP_READ_ONLY", p[1] + "=GROUP_OWNER" }.Order());
        var piped = s.Invoke("$key | Get-AtlasProjectAccess | ForEach-Object { $_.ProjectId + '=' + ($_.Roles -join ',') }");
        Assert.True(piped.Errors.Count == 0, Errors(piped));
        Assert.Equal(expected, string.Join(";", piped.Strings.Order()));

        var byId = s.Invoke($"Get-AtlasProjectAccess -ApiKeyId '{key.Id}' | ForEach-Object {{ $_.ProjectId + '=' + ($_.Roles -join ',') + '/' + $_.PublicKey }}");
        Assert.True(byId.Errors.Count == 0, Errors(byId));
        Assert.Equal(new[] { p[0] + "=GROUP_READ_ONLY/" + key.PublicKey, p[1] + "=GROUP_OWNER/" + key.PublicKey }.Order(), byId.Strings.Order());

        // Still per project when -ProjectId is given.
        var one = s.Invoke($"Get-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{p[1]}' | ForEach-Object {{ $_.ProjectId }}");
        Assert.True(one.Errors.Count == 0, Errors(one));
        Assert.Equal(new[] { p[1] }, one.Strings.ToArray());
    }

    [Fact]
    public async Task A_service_account_piped_to_Get_AtlasProjectAccess_lists_its_own_projects()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds;
        var sa = e.State.CreateServiceAccount("projects", new[] { "ORG_MEMBER" });
        e.State.AssignServiceAccountToProject(sa.ClientId, p[2], new[] { "GROUP_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"Get-AtlasServiceAccount -ClientId '{sa.ClientId}' | Get-AtlasProjectAccess | ForEach-Object {{ $_.ClientId + '@' + $_.ProjectId }}");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.Equal(new[] { sa.ClientId + "@" + p[2] }, o.Strings.ToArray());
    }

    // ---- point 5: no principal → a message naming -ApiKeyId, -ClientId and the pipeline; both kinds still pipe in

    [Theory]
    [InlineData("Add-AtlasAccessListEntry -IpAddress 192.0.2.1", "AddAtlasAccessListEntryCommand")]
    [InlineData("Get-AtlasAccessListEntry", "GetAtlasAccessListEntryCommand")]
    [InlineData("Remove-AtlasAccessListEntry -Entry 192.0.2.1", "RemoveAtlasAccessListEntryCommand")]
    [InlineData("Grant-AtlasProjectAccess -ProjectId {p} -Role GROUP_READ_ONLY", "GrantAtlasProjectAccessCommand")]
    [InlineData("Set-AtlasProjectAccess -ProjectId {p} -Role GROUP_READ_ONLY", "SetAtlasProjectAccessCommand")]
    [InlineData("Revoke-AtlasProjectAccess -ProjectId {p}", "RevokeAtlasProjectAccessCommand")]
    public async Task Without_a_principal_the_error_names_ApiKeyId_ClientId_and_piping(string command, string className)
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke(command.Replace("{p}", e.Seed.ProjectIds[0]));

        var error = Assert.Single(o.Errors);
        Assert.Equal("AtlasPrincipalMissing,AtlasPS.Commands." + className, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        var message = error.ErrorDetails?.Message ?? error.Exception.Message;
        Assert.Contains("-ApiKeyId", message);
        Assert.Contains("-ClientId", message);
        Assert.Contains("pipe", message);
        Assert.DoesNotContain("Parameter set cannot be resolved", error.ToString());
        Assert.Empty(e.Requests.Entries);
    }

    [Fact]
    public async Task API_keys_and_service_accounts_both_still_pipe_into_the_access_list_and_project_access_cmdlets()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds;
        var key = e.State.CreateApiKey("key", new[] { "ORG_MEMBER" });
        var sa = e.State.CreateServiceAccount("sa", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke($@"
            Get-AtlasApiKey -ApiKeyId '{key.Id}' | Add-AtlasAccessListEntry -IpAddress 192.0.2.10 | Out-Null
            Get-AtlasServiceAccount -ClientId '{sa.ClientId}' | Add-AtlasAccessListEntry -IpAddress 192.0.2.20 | Out-Null
            Get-AtlasApiKey -ApiKeyId '{key.Id}' | Grant-AtlasProjectAccess -ProjectId '{p[0]}' -Role GROUP_READ_ONLY | Out-Null
            Get-AtlasServiceAccount -ClientId '{sa.ClientId}' | Grant-AtlasProjectAccess -ProjectId '{p[0]}' -Role GROUP_READ_ONLY | Out-Null
            Get-AtlasProjectAccess -ProjectId '{p[0]}' | Where-Object {{ $_.ApiKeyId -eq '{key.Id}' -or $_.ClientId -eq '{sa.ClientId}' }} | Set-AtlasProjectAccess -Role GROUP_DATA_ACCESS_READ_ONLY | Out-Null");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.StartsWith("192.0.2.10", Assert.Single(e.State.ApiKeyAccessList(key.Id)).CidrBlock);
        Assert.StartsWith("192.0.2.20", Assert.Single(e.State.ServiceAccountAccessList(sa.ClientId)).CidrBlock);
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY" }, e.State.ApiKeyProjectAssignments(key.Id)[p[0]]);
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY" }, e.State.GetServiceAccount(sa.ClientId)!.ProjectRoles[p[0]]);
    }

    // ---- point 8: removing a client secret asks first

    [Fact]
    public async Task Remove_AtlasServiceAccountSecret_asks_by_default_and_deletes_nothing_when_answered_No()
    {
        await using var e = await EmulatorServer.StartAsync();
        var sa = e.State.CreateServiceAccount("asked", new[] { "ORG_READ_ONLY" });
        var secretId = e.State.GetServiceAccount(sa.ClientId)!.Secrets[0].Id;
        using var s = HostedSession.Start(e);

        // Default $ConfirmPreference (High); the test host answers No.
        var o = s.Invoke($"Remove-AtlasServiceAccountSecret -ClientId '{sa.ClientId}' -SecretId '{secretId}'");

        Assert.Empty(o.Errors);
        Assert.Equal(1, s.PromptCount);
        Assert.Contains(secretId, s.Prompts[0]);
        Assert.Single(e.State.GetServiceAccount(sa.ClientId)!.Secrets);
        Assert.DoesNotContain(e.Requests.Entries, r => r.Method == "DELETE");
    }

    // ---- point 21: closed connections

    [Fact]
    public async Task A_closed_connection_passed_with_Connection_is_named_closed_and_Disconnect_Atlas_closes_a_given_connection()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start();
        var connect = s.ConnectScript(e);

        var o = s.Invoke($"$a = {connect} -PassThru; $b = {connect} -PassThru; Disconnect-Atlas; Get-AtlasApiKey -Connection $b");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasConnectionClosed,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("pass -Connection", error.ErrorDetails?.Message ?? error.Exception.Message);

        o = s.Invoke("Get-AtlasApiKey -Connection $a | Measure-Object | ForEach-Object Count");
        Assert.True(o.Errors.Count == 0, Errors(o));

        o = s.Invoke($"$c = {connect} -PassThru; Disconnect-Atlas -Connection $a; [pscustomobject]@{{ A = $a.IsDisposed; C = $c.IsDisposed; Current = [bool](Get-AtlasConnection) }}");
        Assert.True(o.Errors.Count == 0, Errors(o));
        var r = Assert.Single(o.Output);
        Assert.True((bool)r.Properties["A"].Value);
        Assert.False((bool)r.Properties["C"].Value);
        Assert.True((bool)r.Properties["Current"].Value);

        o = s.Invoke("Get-AtlasApiKey -Connection $a");
        Assert.StartsWith("AtlasConnectionClosed,", Assert.Single(o.Errors).FullyQualifiedErrorId);

        // The current connection given explicitly: closed, and the session is disconnected too.
        o = s.Invoke("$c | Disconnect-Atlas; [pscustomobject]@{ C = $c.IsDisposed; Current = [bool](Get-AtlasConnection -ErrorAction SilentlyContinue) }");
        r = Assert.Single(o.Output);
        Assert.True((bool)r.Properties["C"].Value);
        Assert.False((bool)r.Properties["Current"].Value);
    }

    // ---- point 23: -WhatIf says what changes

    [Fact]
    public async Task WhatIf_of_Set_and_New_AtlasServiceAccount_says_what_would_change()
    {
        await using var e = await EmulatorServer.StartAsync();
        var sa = e.State.CreateServiceAccount("before", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var set = s.Invoke($"Set-AtlasServiceAccount -ClientId '{sa.ClientId}' -Name 'after' -Description 'new words' -Role ORG_MEMBER -WhatIf");
        Assert.Empty(set.Errors);
        Assert.Contains("What if:", set.HostText);
        foreach (var part in new[] { sa.ClientId, "'after'", "'new words'", "ORG_MEMBER" }) Assert.Contains(part, set.HostText);

        var create = s.Invoke($"New-AtlasServiceAccount -Name 'bot' -Description 'ci bot' -Role ORG_READ_ONLY -SecretExpiresAfterHours 48 -IpAddress 192.0.2.7 -ProjectId '{e.Seed.ProjectIds[0]}' -ProjectRole GROUP_READ_ONLY -WhatIf");
        Assert.Empty(create.Errors);
        foreach (var part in new[] { "'bot'", "'ci bot'", "ORG_READ_ONLY", "48 hours", "192.0.2.7", "GROUP_READ_ONLY", e.Seed.ProjectIds[0] })
            Assert.Contains(part, create.HostText);
        Assert.Equal("before", e.State.GetServiceAccount(sa.ClientId)!.Name);
    }

    // ---- point 24: a bad -ExpiringWithinDays is reported once

    [Fact]
    public async Task A_bad_ExpiringWithinDays_is_reported_once_for_many_piped_accounts_and_nothing_is_read()
    {
        await using var e = await EmulatorServer.StartAsync();
        e.State.CreateServiceAccount("a", new[] { "ORG_READ_ONLY" });
        e.State.CreateServiceAccount("b", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke("Get-AtlasServiceAccount | Get-AtlasServiceAccountSecret -ExpiringWithinDays -3");

        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasInvalidExpiringWithinDays,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain(e.Requests.Entries, r => r.Path.Contains("/serviceAccounts/", StringComparison.Ordinal));
    }

    // ---- point 22: completion from Atlas when nothing is cached; every id parameter has a completer

    [Theory]
    [InlineData("Get-AtlasServiceAccount -ClientId ", "client")]
    [InlineData("Remove-AtlasApiKey -ApiKeyId ", "key")]
    [InlineData("Get-AtlasCluster -ProjectId ", "project")]
    public async Task Ids_complete_from_Atlas_when_the_connection_has_seen_none(string line, string kind)
    {
        await using var e = await EmulatorServer.StartAsync();
        var sa = e.State.CreateServiceAccount("completed", new[] { "ORG_READ_ONLY" });
        var key = e.State.CreateApiKey("completed-key", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        string expected = kind switch { "client" => sa.ClientId, "key" => key.Id, _ => e.Seed.ProjectIds[0] };

        var o = s.Invoke($"(TabExpansion2 -inputScript '{line}' -cursorColumn {line.Length}).CompletionMatches | ForEach-Object CompletionText");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.Contains(expected, o.Strings);
    }

    [Fact]
    public void Every_id_parameter_has_an_argument_completer()
    {
        var o = HostedSession.RunOnce($@"
            Import-Module '{HostedSession.Manifest}' -ErrorAction Stop
            foreach ($c in Get-Command -Module AtlasPS | Where-Object Name -ne 'Connect-Atlas') {{
                foreach ($p in $c.Parameters.Values | Where-Object Name -in 'ProjectId', 'ClientId', 'ApiKeyId', 'OrganizationId') {{
                    if (-not ($p.Attributes | Where-Object {{ $_ -is [System.Management.Automation.ArgumentCompleterAttribute] }})) {{ $c.Name + ' -' + $p.Name }}
                }}
            }}");

        Assert.True(o.Errors.Count == 0, Errors(o));
        Assert.True(o.Output.Count == 0, "no completer: " + string.Join(", ", o.Strings));
    }

    // ---- point 25: Grant and Get show the same principal; a key's PublicKey is set in Grant's output too

    [Fact]
    public async Task Grant_and_Get_AtlasProjectAccess_show_the_same_principal_and_keys_carry_their_public_key()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds[0];
        var key = e.State.CreateApiKey("shown", new[] { "ORG_MEMBER" });
        var sa = e.State.CreateServiceAccount("shown-sa", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke($@"
            $g = @(Grant-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{p}' -Role GROUP_READ_ONLY) + @(Grant-AtlasProjectAccess -ClientId '{sa.ClientId}' -ProjectId '{p}' -Role GROUP_READ_ONLY)
            $r = @(Get-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{p}') + @(Get-AtlasProjectAccess -ClientId '{sa.ClientId}' -ProjectId '{p}')
            [pscustomobject]@{{ GrantKeyPublicKey = $g[0].PublicKey; Grant = ($g | Format-Table | Out-String -Width 200); Get = ($r | Format-Table | Out-String -Width 200) }}");

        Assert.True(o.Errors.Count == 0, Errors(o));
        var r = Assert.Single(o.Output);
        Assert.Equal(key.PublicKey, r.Properties["GrantKeyPublicKey"].Value);
        string Rows(string table) => string.Join("\n", table.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(p, StringComparison.Ordinal)));
        var grant = Rows(r.Properties["Grant"].Value.ToString()!);
        var get = Rows(r.Properties["Get"].Value.ToString()!);
        Assert.Contains(key.PublicKey, grant);
        Assert.Contains(sa.ClientId, grant);
        Assert.DoesNotContain("shown-sa", grant);
        Assert.Equal(get, grant);
    }
}
