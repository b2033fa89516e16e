using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// The cmdlets as a PowerShell user drives them (real PowerShell 7.6 hosting the built module, in-process emulator):
/// pipelines bound by property name, -WhatIf, and confirmation of ConfirmImpact High removals.
/// </summary>
public sealed class PipelineAndShouldProcessTests
{
    private static readonly string[] Mutating = { "POST", "PATCH", "PUT", "DELETE" };

    private static int MutatingRequests(EmulatorServer e) =>
        e.Requests.Count(r => Mutating.Contains(r.Method, StringComparer.OrdinalIgnoreCase));

    [Fact]
    public async Task Get_AtlasApiKey_Description_wildcard_piped_to_Remove_removes_exactly_the_matching_keys()
    {
        await using var e = await EmulatorServer.StartAsync();
        foreach (var d in new[] { "ci-build", "ci-deploy", "ci-nightly", "prod-ci-1", "ci", "release" })
            e.State.CreateApiKey(d, new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasApiKey -Description 'ci-*' | Remove-AtlasApiKey -Confirm:$false");

        Assert.Empty(o.Errors);
        Assert.Empty(o.Output);
        Assert.Equal(new[] { "Seeded owner key", "ci", "prod-ci-1", "release" }.Order(),
            e.State.ApiKeys.Select(k => k.Description).Order());
        Assert.Equal(3, e.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task Get_AtlasProject_piped_to_Grant_grants_on_every_project_in_input_order()
    {
        await using var e = await EmulatorServer.StartAsync(new EmulatorOptions { ProjectCount = 7 });
        var key = e.State.CreateApiKey("grantee", new[] { "ORG_MEMBER" });
        using var s = HostedSession.Start(e);

        var o = s.Invoke($@"
            $projects = @(Get-AtlasProject)
            $granted = @($projects | Grant-AtlasProjectAccess -ApiKeyId '{key.Id}' -Role GROUP_READ_ONLY)
            [pscustomobject]@{{ Projects = $projects.Id -join ','; Granted = $granted.ProjectId -join ','; Types = ($granted | ForEach-Object {{ $_.GetType().Name }} | Select-Object -Unique) -join ',' }}");

        Assert.Empty(o.Errors);
        var r = Assert.Single(o.Output);
        var projects = ((string)r.Properties["Projects"].Value).Split(',');
        Assert.Equal(7, projects.Length);
        Assert.Equal(e.Seed.ProjectIds.Order(), projects.Order());
        Assert.Equal(projects, ((string)r.Properties["Granted"].Value).Split(','));
        Assert.Equal("ProjectAccess", r.Properties["Types"].Value);
        var assigned = e.State.ApiKeyProjectAssignments(key.Id);
        Assert.Equal(projects.Order(), assigned.Keys.Order());
        Assert.All(assigned.Values, roles => Assert.Contains("GROUP_READ_ONLY", roles));
    }

    [Fact]
    public async Task Get_AtlasAccessListEntry_piped_to_Remove_empties_the_list_including_a_CIDR_block()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("listed", new[] { "ORG_READ_ONLY" });
        foreach (var entry in new[] { "203.0.113.7", "198.51.100.0/24", "192.0.2.10" }) e.State.AddApiKeyAccessListEntry(key.Id, entry);
        var other = e.State.CreateApiKey("untouched", new[] { "ORG_READ_ONLY" });
        e.State.AddApiKeyAccessListEntry(other.Id, "203.0.113.7");
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"Get-AtlasAccessListEntry -ApiKeyId '{key.Id}' | Remove-AtlasAccessListEntry -Confirm:$false");

        Assert.Empty(o.Errors);
        Assert.Empty(e.State.ApiKeyAccessList(key.Id));
        Assert.Single(e.State.ApiKeyAccessList(other.Id));
        Assert.Equal(3, e.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task A_service_accounts_access_list_piped_to_Remove_is_emptied_including_a_CIDR_block()
    {
        await using var e = await EmulatorServer.StartAsync();
        var sa = e.State.CreateServiceAccount("listed-sa", new[] { "ORG_READ_ONLY" });
        foreach (var entry in new[] { "203.0.113.7", "198.51.100.0/24" }) e.State.AddServiceAccountAccessListEntry(sa.ClientId, entry);
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"Get-AtlasAccessListEntry -ClientId '{sa.ClientId}' | Remove-AtlasAccessListEntry -Confirm:$false");

        Assert.Empty(o.Errors);
        Assert.Empty(e.State.ServiceAccountAccessList(sa.ClientId));
    }

    [Fact]
    public async Task Get_AtlasServiceAccount_piped_to_Get_AtlasServiceAccountSecret_lists_every_accounts_secrets()
    {
        await using var e = await EmulatorServer.StartAsync();
        var a = e.State.CreateServiceAccount("builder", new[] { "ORG_READ_ONLY" });
        var b = e.State.CreateServiceAccount("deployer", new[] { "ORG_MEMBER" });
        e.State.AddServiceAccountSecret(b.ClientId, TimeSpan.FromDays(10));
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasServiceAccount | Get-AtlasServiceAccountSecret | ForEach-Object { $_.ClientId + '/' + $_.Id }");

        Assert.Empty(o.Errors);
        var expected = e.State.ServiceAccounts.SelectMany(sa => sa.Secrets.Select(x => sa.ClientId + "/" + x.Id)).Order().ToList();
        Assert.Equal(4, expected.Count);
        Assert.Equal(expected, o.Strings.Order());
        Assert.Contains(o.Strings, x => x.StartsWith(a.ClientId + "/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AtlasProject_piped_to_Get_AtlasCluster_lists_the_clusters_of_every_project()
    {
        await using var e = await EmulatorServer.StartAsync();
        var p = e.Seed.ProjectIds;
        e.State.AddCluster(p[0], "alpha");
        e.State.AddCluster(p[0], "beta");
        e.State.AddCluster(p[2], "gamma");
        using var s = HostedSession.Start(e);

        var o = s.Invoke("Get-AtlasProject | Get-AtlasCluster | ForEach-Object { $_.ProjectId + '/' + $_.Name }");

        Assert.Empty(o.Errors);
        Assert.Equal(new[] { p[0] + "/alpha", p[0] + "/beta", p[2] + "/gamma" }.Order(), o.Strings.Order());
    }

    /// <summary>
    /// Objects of one noun piped into a reader of another must bind to the parameter set the user means. A property
    /// that matches a by-property-name parameter of only one set pulls the binder into that set: a Project's OrgId
    /// once pulled Get-AtlasProjectAccess into its service-account set, which then wanted a ClientId (the README's
    /// demo failed that way). Each pipeline runs against the emulator and must read without a binding error.
    /// </summary>
    [Theory]
    [InlineData("Get-AtlasProject | Get-AtlasProjectAccess", "groups/{p}/apiKeys")]
    [InlineData("Get-AtlasServiceAccount | Get-AtlasProjectAccess", "/groups")]
    [InlineData("Get-AtlasOrganization | Get-AtlasProject", "/groups")]
    [InlineData("Get-AtlasApiKey | Get-AtlasAccessListEntry", "/accessList")]
    [InlineData("Get-AtlasServiceAccount | Get-AtlasAccessListEntry", "/accessList")]
    [InlineData("Get-AtlasProject | Get-AtlasServiceAccount", "/serviceAccounts")]
    [InlineData("Get-AtlasProject | Get-AtlasCluster", "/clusters")]
    [InlineData("Get-AtlasServiceAccount | Get-AtlasServiceAccountSecret", "/serviceAccounts/")]
    [InlineData("Get-AtlasOrganization | Get-AtlasAccessReport", "/apiKeys")]
    public async Task Readers_piped_across_nouns_bind_to_the_intended_set(string pipeline, string requestPathPart)
    {
        await using var e = await EmulatorServer.StartAsync();
        e.State.CreateServiceAccount("reader", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        var o = s.Invoke(pipeline + " | Out-Null");

        Assert.True(o.Errors.Count == 0, pipeline + ": " + string.Join(" | ", o.Errors.Select(x => x.ToString())));
        var expected = requestPathPart.Replace("{p}", e.Seed.ProjectIds[0]);
        Assert.Contains(e.Requests.Entries, r => r.Method == "GET" && r.Path.Contains(expected, StringComparison.Ordinal) && r.Status == 200);
    }

    [Fact]
    public async Task WhatIf_on_every_state_changing_cmdlet_prints_What_if_and_sends_no_change()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("target", new[] { "ORG_READ_ONLY" });
        e.State.AddApiKeyAccessListEntry(key.Id, "203.0.113.7");
        var project = e.Seed.ProjectIds[0];
        e.State.AssignApiKeyToProject(key.Id, project, new[] { "GROUP_READ_ONLY" });
        var sa = e.State.CreateServiceAccount("target-sa", new[] { "ORG_READ_ONLY" });
        var secretId = e.State.ServiceAccounts.Single(x => x.ClientId == sa.ClientId).Secrets[0].Id;
        e.State.AddServiceAccountAccessListEntry(sa.ClientId, "203.0.113.8");
        e.State.AssignServiceAccountToProject(sa.ClientId, project, new[] { "GROUP_READ_ONLY" });
        using var s = HostedSession.Start(e);

        var commands = new[]
        {
            "New-AtlasApiKey -Description 'whatif' -Role ORG_READ_ONLY -WhatIf",
            $"Set-AtlasApiKey -ApiKeyId '{key.Id}' -Description 'changed' -WhatIf",
            $"Remove-AtlasApiKey -ApiKeyId '{key.Id}' -WhatIf",
            $"Add-AtlasAccessListEntry -ApiKeyId '{key.Id}' -IpAddress 192.0.2.1 -WhatIf",
            $"Remove-AtlasAccessListEntry -ApiKeyId '{key.Id}' -Entry 203.0.113.7 -WhatIf",
            $"Grant-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{e.Seed.ProjectIds[1]}' -Role GROUP_READ_ONLY -WhatIf",
            $"Set-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{project}' -Role GROUP_OWNER -WhatIf",
            $"Revoke-AtlasProjectAccess -ApiKeyId '{key.Id}' -ProjectId '{project}' -WhatIf",
            "New-AtlasServiceAccount -Name 'whatif' -Description 'what if' -Role ORG_READ_ONLY -WhatIf",
            $"Set-AtlasServiceAccount -ClientId '{sa.ClientId}' -Name 'renamed' -WhatIf",
            $"Remove-AtlasServiceAccount -ClientId '{sa.ClientId}' -WhatIf",
            $"New-AtlasServiceAccountSecret -ClientId '{sa.ClientId}' -ExpiresAfterHours 24 -WhatIf",
            $"Remove-AtlasServiceAccountSecret -ClientId '{sa.ClientId}' -SecretId '{secretId}' -WhatIf",
            $"Add-AtlasAccessListEntry -ClientId '{sa.ClientId}' -IpAddress 192.0.2.1 -WhatIf",
            $"Remove-AtlasAccessListEntry -ClientId '{sa.ClientId}' -Entry 203.0.113.8 -WhatIf",
            $"Grant-AtlasProjectAccess -ClientId '{sa.ClientId}' -ProjectId '{e.Seed.ProjectIds[1]}' -Role GROUP_READ_ONLY -WhatIf",
            $"Set-AtlasProjectAccess -ClientId '{sa.ClientId}' -ProjectId '{project}' -Role GROUP_OWNER -WhatIf",
            $"Revoke-AtlasProjectAccess -ClientId '{sa.ClientId}' -ProjectId '{project}' -WhatIf",
            "New-AtlasOrganization -Name 'whatif-org' -WhatIf",
            "Set-AtlasOrganization -Name 'renamed-org' -WhatIf",
            $"Remove-AtlasOrganization -OrganizationId '{e.Seed.OrgId}' -WhatIf",
        };
        var failures = new List<string>();
        string? removeKeyText = null;
        foreach (var command in commands)
        {
            e.Requests.Clear();
            var o = s.Invoke(command);
            if (o.Errors.Count > 0) failures.Add($"{command}: error {o.Errors[0].FullyQualifiedErrorId}: {o.Errors[0]}");
            if (!o.HostText.Contains("What if:", StringComparison.Ordinal)) failures.Add($"{command}: no 'What if:' text");
            if (MutatingRequests(e) > 0) failures.Add($"{command}: sent " + string.Join(", ", e.Requests.Entries.Select(r => r.Method + " " + r.Path)));
            if (o.Output.Count > 0) failures.Add($"{command}: wrote output {o.Output[0]}");
            if (command.StartsWith("Remove-AtlasApiKey", StringComparison.Ordinal)) removeKeyText = o.HostText;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        Assert.Contains(key.Id, removeKeyText);
        Assert.Contains("every project", removeKeyText);
        var after = e.State.GetApiKey(key.Id)!;
        Assert.Equal("target", after.Description);
        Assert.Single(after.AccessList);
        Assert.Equal(new[] { project }, after.ProjectRoles.Keys);
        Assert.Equal(2, e.State.ApiKeys.Count);
        Assert.Equal(2, e.State.ServiceAccounts.Count);
        var saAfter = e.State.GetServiceAccount(sa.ClientId)!;
        Assert.Single(saAfter.Secrets);
        Assert.Single(saAfter.AccessList);
        Assert.Equal(new[] { project }, saAfter.ProjectRoles.Keys);
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, saAfter.ProjectRoles[project]);
        Assert.Single(e.State.Organizations);
    }

    [Fact]
    public async Task ConfirmImpact_High_removals_ask_under_ConfirmPreference_High_unless_Confirm_false()
    {
        await using var e = await EmulatorServer.StartAsync();
        var asked = e.State.CreateApiKey("asked", new[] { "ORG_READ_ONLY" });
        var forced = e.State.CreateApiKey("forced", new[] { "ORG_READ_ONLY" });
        var askedSa = e.State.CreateServiceAccount("asked-sa", new[] { "ORG_READ_ONLY" });
        var forcedSa = e.State.CreateServiceAccount("forced-sa", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);

        // The test host answers "No" to every confirmation and records the question.
        var o = s.Invoke($"$ConfirmPreference = 'High'; Remove-AtlasApiKey -ApiKeyId '{asked.Id}'; Remove-AtlasServiceAccount -ClientId '{askedSa.ClientId}'");
        Assert.Empty(o.Errors);
        Assert.Equal(2, s.PromptCount);
        Assert.Contains(asked.Id, s.Prompts[0]);
        Assert.Contains(askedSa.ClientId, s.Prompts[1]);
        Assert.NotNull(e.State.GetApiKey(asked.Id));
        Assert.NotNull(e.State.GetServiceAccount(askedSa.ClientId));

        o = s.Invoke($"$ConfirmPreference = 'High'; Remove-AtlasApiKey -ApiKeyId '{forced.Id}' -Confirm:$false; Remove-AtlasServiceAccount -ClientId '{forcedSa.ClientId}' -Confirm:$false");
        Assert.Empty(o.Errors);
        Assert.Equal(0, s.PromptCount);
        Assert.Null(e.State.GetApiKey(forced.Id));
        Assert.Null(e.State.GetServiceAccount(forcedSa.ClientId));
    }
}
