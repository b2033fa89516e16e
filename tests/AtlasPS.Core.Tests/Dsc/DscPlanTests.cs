using AtlasPS.Core;
using AtlasPS.Core.Dsc;
using AtlasPS.Core.Tests.Secrets;
using AtlasPS.Core.Workflows;
using AtlasPS.Emulator;
using Xunit;
using static AtlasPS.Core.Tests.Workflows.WorkflowTestKit;

namespace AtlasPS.Core.Tests.Dsc;

/// <summary>The DSC plans (desired versus actual state) against the emulator: reasons, steps, request counts.</summary>
public sealed class DscPlanTests
{
    private static readonly string[] Writes = { "POST", "PATCH", "PUT", "DELETE" };

    private static ApiKeyDesiredState CostTool(EmulatorServer s) => new()
    {
        OrganizationId = s.Seed.OrgId, Description = "cost-tool", Roles = new[] { "ORG_BILLING_READ_ONLY", "ORG_READ_ONLY" },
        AccessList = new[] { "203.0.113.10", "198.51.100.0/24" },
        ProjectRoles = new[]
        {
            new DscProjectRole { ProjectId = s.Seed.ProjectIds[0], Roles = new[] { "GROUP_READ_ONLY" } },
            new DscProjectRole { ProjectId = s.Seed.ProjectIds[1], Roles = new[] { "GROUP_OWNER" } },
        },
        VaultName = "V", SecretName = "cost-tool",
    };

    [Fact]
    public async Task A_missing_key_is_created_with_everything_and_then_the_plan_is_empty_in_two_reads()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        var vault = new InMemoryVault("V");

        var plan = await ApiKeyPlan.PlanAsync(conn, CostTool(s));
        Assert.Equal(DscAction.Create, plan.Action);
        Assert.Equal("AtlasApiKey:Ensure:Absent", Assert.Single(plan.Reasons).Code);
        await ApiKeyPlan.ApplyAsync(conn, plan, vault, null);

        var key = s.State.ApiKeys.Single(k => k.Description == "cost-tool");
        Assert.Equal(key.PublicKey, vault.Find("V", "cost-tool")!.UserName);
        Assert.Equal(new[] { "198.51.100.0/24", "203.0.113.10/32" }, key.AccessList.Select(e => e.CidrBlock).Order());
        Assert.Equal(new[] { "GROUP_READ_ONLY" }, key.ProjectRoles[s.Seed.ProjectIds[0]]);
        Assert.Equal(new[] { "GROUP_OWNER" }, key.ProjectRoles[s.Seed.ProjectIds[1]]);

        s.Requests.Clear();
        var again = await ApiKeyPlan.PlanAsync(conn, CostTool(s));
        Assert.True(again.IsEmpty, string.Join("; ", again.Reasons));
        Assert.Empty(again.Reasons);
        // One listing of the keys (with their project roles) and one of the access list.
        Assert.Equal(2, s.Requests.Count());
        await ApiKeyPlan.ApplyAsync(conn, again, vault, null);
        Assert.Equal(0, s.Requests.Count(e => Writes.Contains(e.Method)));
    }

    [Fact]
    public async Task Drift_gives_one_reason_per_difference_and_Apply_sends_only_those_changes()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        await ApiKeyPlan.ApplyAsync(conn, await ApiKeyPlan.PlanAsync(conn, CostTool(s)), new InMemoryVault("V"), null);
        var id = s.State.ApiKeys.Single(k => k.Description == "cost-tool").Id;
        var principal = PrincipalRef.ApiKey(id);
        await AccessListEntryWorkflows.AddAsync(conn, null, principal, new[] { "192.0.2.99" });
        await AccessListEntryWorkflows.RemoveAsync(conn, null, principal, new[] { "203.0.113.10" });
        await ProjectAccessWorkflows.SetAsync(conn, new[] { s.Seed.ProjectIds[0] }, principal, new[] { "GROUP_OWNER" });
        await ProjectAccessWorkflows.GrantAsync(conn, new[] { s.Seed.ProjectIds[2] }, principal, new[] { "GROUP_READ_ONLY" });

        var plan = await ApiKeyPlan.PlanAsync(conn, CostTool(s));
        Assert.Equal(DscAction.Update, plan.Action);
        var reasons = plan.Reasons.Select(r => r.ToString()).ToList();
        Assert.Equal(4, reasons.Count);
        Assert.Contains("AtlasApiKey:AccessList:Extra 192.0.2.99 is on the access list but should not be.", reasons);
        Assert.Contains("AtlasApiKey:AccessList:Missing 203.0.113.10 is not on the access list.", reasons);
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:ProjectRoles:Extra", StringComparison.Ordinal) && r.Contains(s.Seed.ProjectIds[2]));
        Assert.Contains(reasons, r => r.StartsWith("AtlasApiKey:ProjectRoles:Roles", StringComparison.Ordinal) && r.Contains(s.Seed.ProjectIds[0]));
        Assert.Null(plan.SetRoles);

        s.Requests.Clear();
        await ApiKeyPlan.ApplyAsync(conn, plan, null, null);
        var writes = s.Requests.Entries.Where(e => Writes.Contains(e.Method)).Select(e => e.Method + " " + e.Path).ToList();
        Assert.Equal(4, writes.Count);
        Assert.True((await ApiKeyPlan.PlanAsync(conn, CostTool(s))).IsEmpty);
    }

    [Fact]
    public async Task Include_and_exclude_leave_other_entries_alone()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        await ApiKeyPlan.ApplyAsync(conn, await ApiKeyPlan.PlanAsync(conn, CostTool(s)), new InMemoryVault("V"), null);
        var partial = new ApiKeyDesiredState
        {
            OrganizationId = s.Seed.OrgId, Description = "cost-tool",
            AccessListToInclude = new[] { "192.0.2.1", "203.0.113.10" }, AccessListToExclude = new[] { "198.51.100.0/24", "192.0.2.200" },
        };
        var plan = await ApiKeyPlan.PlanAsync(conn, partial);
        Assert.Equal(new[] { "192.0.2.1" }, plan.AccessListToAdd);
        Assert.Equal(new[] { "198.51.100.0/24" }, plan.AccessListToRemove);
        Assert.Null(plan.SetRoles);
        Assert.True(plan.Projects.IsEmpty);
    }

    [Theory]
    [InlineData("exact+include", "AtlasDscAccessListConflict")]
    [InlineData("include=exclude", "AtlasDscAccessListConflict")]
    [InlineData("project id and name", "AtlasDscInvalidProjectRole")]
    [InlineData("vault without name", "AtlasDscVaultIncomplete")]
    [InlineData("bad address", "AtlasInvalidIpAddress")]
    public void Bad_desired_state_is_refused_before_any_request(string what, string errorId)
    {
        var d = new ApiKeyDesiredState { Description = "x" };
        switch (what)
        {
            case "exact+include": d.AccessList = new[] { "192.0.2.1" }; d.AccessListToInclude = new[] { "192.0.2.2" }; break;
            case "include=exclude": d.AccessListToInclude = new[] { "192.0.2.1" }; d.AccessListToExclude = new[] { "192.0.2.1/32" }; break;
            case "project id and name": d.ProjectRoles = new[] { new DscProjectRole { ProjectId = MissingId, ProjectName = "p", Roles = new[] { "GROUP_READ_ONLY" } } }; break;
            case "vault without name": d.VaultName = "V"; break;
            case "bad address": d.AccessList = new[] { "300.1.1.1" }; break;
        }
        var ex = Assert.Throws<AtlasValidationException>(() => ApiKeyPlan.Validate(d));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public async Task Several_keys_with_the_description_are_reported_and_refused_and_creating_needs_a_vault()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        var a = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "twin", Roles = new[] { "ORG_READ_ONLY" } });
        var b = await ApiKeyWorkflows.CreateAsync(conn, new NewApiKeyRequest { Description = "twin", Roles = new[] { "ORG_READ_ONLY" } });
        var plan = await ApiKeyPlan.PlanAsync(conn, new ApiKeyDesiredState { Description = "twin", Roles = new[] { "ORG_MEMBER" } });
        Assert.Equal(DscAction.Refuse, plan.Action);
        var reason = Assert.Single(plan.Reasons);
        Assert.Equal("AtlasApiKey:Description:Ambiguous", reason.Code);
        Assert.Contains(a.Id, reason.Phrase); Assert.Contains(b.Id, reason.Phrase);
        s.Requests.Clear();
        var ex = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyPlan.ApplyAsync(conn, plan, null, null));
        Assert.Contains(a.Id, ex.Message); Assert.Contains(b.Id, ex.Message);
        Assert.Equal(0, s.Requests.Count());

        var create = await ApiKeyPlan.PlanAsync(conn, new ApiKeyDesiredState { Description = "no-vault", Roles = new[] { "ORG_READ_ONLY" } });
        s.Requests.Clear();
        var noVault = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyPlan.ApplyAsync(conn, create, new InMemoryVault("V"), null));
        Assert.Equal("AtlasDscVaultRequired", noVault.ErrorId);
        Assert.Equal(0, s.Requests.Count());
    }

    [Fact]
    public async Task A_service_account_whose_newest_secret_expires_within_N_days_gets_a_new_one_and_keeps_the_old()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        var vault = new InMemoryVault("V");
        var desired = new ServiceAccountDesiredState
        {
            OrganizationId = s.Seed.OrgId, Name = "deploy-bot", Description = "CI deployments", Roles = new[] { "ORG_READ_ONLY" },
            SecretExpiresAfterHours = 720, RotateWhenExpiringWithinDays = 7, VaultName = "V", SecretName = "deploy-bot",
        };
        await ServiceAccountPlan.ApplyAsync(conn, await ServiceAccountPlan.PlanAsync(conn, desired, DateTimeOffset.UtcNow), vault, null);
        var first = vault.Find("V", "deploy-bot")!.PasswordText;

        Assert.True((await ServiceAccountPlan.PlanAsync(conn, desired, DateTimeOffset.UtcNow)).IsEmpty);
        // 25 days on, the 30-day secret expires within 7 days.
        var later = await ServiceAccountPlan.PlanAsync(conn, desired, DateTimeOffset.UtcNow.AddDays(25));
        Assert.True(later.RotateSecret);
        Assert.Equal("AtlasServiceAccount:Secret:Expiring", Assert.Single(later.Reasons).Code);
        s.Requests.Clear();
        await ServiceAccountPlan.ApplyAsync(conn, later, vault, null);
        Assert.Equal(1, s.Requests.Count(e => Writes.Contains(e.Method)));
        var sa = s.State.ServiceAccounts.Single(a => a.Name == "deploy-bot");
        Assert.Equal(2, sa.Secrets.Count);
        Assert.NotEqual(first, vault.Find("V", "deploy-bot")!.PasswordText);
        Assert.Equal(sa.ClientId, vault.Find("V", "deploy-bot")!.UserName);

        // A description changed elsewhere is one reason and one PATCH.
        await ServiceAccountWorkflows.UpdateAsync(conn, null, sa.ClientId, null, "something else", null);
        var drift = await ServiceAccountPlan.PlanAsync(conn, desired, DateTimeOffset.UtcNow);
        Assert.Equal("AtlasServiceAccount:Description", Assert.Single(drift.Reasons).Code);
    }

    [Fact]
    public async Task Projects_given_by_name_cost_one_more_read_and_an_unknown_name_is_an_error()
    {
        await using var s = await StartAsync();
        using var conn = await ConnectAsync(s);
        var project = s.State.Projects.First(p => p.Id == s.Seed.ProjectIds[2]);
        var desired = new ApiKeyDesiredState
        {
            OrganizationId = s.Seed.OrgId, Description = "by-name", Roles = new[] { "ORG_READ_ONLY" }, AccessList = new[] { "192.0.2.7" },
            ProjectRoles = new[] { new DscProjectRole { ProjectName = project.Name, Roles = new[] { "GROUP_READ_ONLY" } } },
            VaultName = "V", SecretName = "by-name",
        };
        await ApiKeyPlan.ApplyAsync(conn, await ApiKeyPlan.PlanAsync(conn, desired), new InMemoryVault("V"), null);
        Assert.Equal(new[] { project.Id }, s.State.ApiKeys.Single(k => k.Description == "by-name").ProjectRoles.Keys);

        s.Requests.Clear();
        Assert.True((await ApiKeyPlan.PlanAsync(conn, desired)).IsEmpty);
        Assert.Equal(3, s.Requests.Count());

        desired.ProjectRoles = new[] { new DscProjectRole { ProjectName = "no-such-project", Roles = new[] { "GROUP_READ_ONLY" } } };
        var ex = await Assert.ThrowsAsync<AtlasValidationException>(() => ApiKeyPlan.PlanAsync(conn, desired));
        Assert.Equal("AtlasDscProjectNotFound", ex.ErrorId);
        Assert.Contains("no-such-project", ex.Message);
    }
}

