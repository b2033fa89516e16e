using System.Management.Automation;
using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// Issue 15 points 7, 19 and 20 in a real PowerShell 7.6: unknown project roles are refused before any request,
/// error messages do not repeat huge inputs, and "not found" has one id, one category and one rule.
/// </summary>
public sealed class InputChecksAndNotFoundTests
{
    private const string UnknownOrg = "0123456789abcdef01234567";

    // ---- point 7
    [Fact]
    public async Task An_unknown_project_role_is_refused_with_the_valid_roles_before_any_request()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("k", new[] { "ORG_READ_ONLY" });
        string project = e.Seed.ProjectIds[0];
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        foreach (var script in new[]
        {
            $"New-AtlasApiKey -Description 'role test' -Role ORG_READ_ONLY -ProjectId {project} -ProjectRole GROUP_GOD",
            $"Grant-AtlasProjectAccess -ApiKeyId {key.Id} -ProjectId {project} -Role GROUP_GOD -Confirm:$false",
            $"Set-AtlasProjectAccess -ApiKeyId {key.Id} -ProjectId {project} -Role GROUP_GOD -Confirm:$false",
        })
        {
            var o = s.Invoke(script);
            var error = Assert.Single(o.Errors);
            Assert.StartsWith("AtlasUnknownProjectRole", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains("GROUP_GOD", error.ToString());
            Assert.Contains("GROUP_READ_ONLY", error.ToString());
            Assert.Contains("GROUP_OWNER", error.ToString());
        }
        Assert.Equal(0, e.Requests.Count());
        Assert.Empty(e.State.GetApiKey(key.Id)!.ProjectRoles);
    }

    [Fact]
    public async Task A_known_project_role_still_goes_through()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("k", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        var o = s.Invoke($"Grant-AtlasProjectAccess -ApiKeyId {key.Id} -ProjectId {e.Seed.ProjectIds[0]} -Role group_data_access_read_only -Confirm:$false");
        Assert.Empty(o.Errors);
        Assert.Equal(new[] { "GROUP_DATA_ACCESS_READ_ONLY" }, e.State.GetApiKey(key.Id)!.ProjectRoles[e.Seed.ProjectIds[0]]);
    }

    // ---- point 19
    [Fact]
    public async Task Error_messages_cut_huge_inputs()
    {
        await using var e = await EmulatorServer.StartAsync();
        var key = e.State.CreateApiKey("k", new[] { "ORG_READ_ONLY" });
        using var s = HostedSession.Start(e);
        e.Requests.Clear();

        foreach (var (script, id) in new[]
        {
            ($"Add-AtlasAccessListEntry -ApiKeyId {key.Id} -IpAddress ('1' * 10000) -Confirm:$false", "AtlasInvalidIpAddress"),
            ($"Grant-AtlasProjectAccess -ApiKeyId {key.Id} -ProjectId {e.Seed.ProjectIds[0]} -Role ('GROUP_' + 'X' * 10000) -Confirm:$false", "AtlasUnknownProjectRole"),
            ("Get-AtlasApiKey -ApiKeyId ('a' * 10000)", "AtlasInvalidAPIKeyId"),
            ("Get-AtlasProject -Name ('p' * 10000)", "AtlasProjectNotFound"),
        })
        {
            var o = s.Invoke(script);
            var error = Assert.Single(o.Errors);
            Assert.StartsWith(id, error.FullyQualifiedErrorId);
            Assert.True(error.ToString().Length < 500, $"{id}: {error.ToString().Length} characters");
            Assert.True(error.Exception.Message.Length < 500, $"{id}: exception message {error.Exception.Message.Length} characters");
            Assert.Matches(@"\(1000\d characters\)", error.ToString()); // says how long the input was
        }
        Assert.Equal(0, e.Requests.Count(r => r.Method != "GET"));
    }

    // ---- point 20
    [Fact]
    public async Task An_unknown_organization_is_AtlasOrganizationNotFound_not_a_missing_key()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        var o = s.Invoke($"Get-AtlasApiKey -OrganizationId {UnknownOrg}");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasOrganizationNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
    }

    [Fact]
    public async Task An_unknown_public_key_is_ObjectNotFound()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        var o = s.Invoke("Get-AtlasApiKey -PublicKey zzzzzzzz; 'after'");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith("AtlasApiKeyNotFound", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(new[] { "after" }, o.Strings);
    }

    [Theory]
    [InlineData("Get-AtlasProject -Name", "AtlasProjectNotFound")]
    [InlineData("Get-AtlasApiKey -Description", "AtlasApiKeyNotFound")]
    [InlineData("Get-AtlasServiceAccount -Name", "AtlasServiceAccountNotFound")]
    [InlineData("Get-AtlasOrganization -Name", "AtlasOrganizationNotFound")]
    public async Task An_exact_name_that_matches_nothing_is_an_error_and_a_wildcard_is_not(string command, string errorId)
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);

        var o = s.Invoke($"{command} 'no-such-thing'; 'after'");
        var error = Assert.Single(o.Errors);
        Assert.StartsWith(errorId, error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("'no-such-thing'", error.ToString());
        Assert.Equal(new[] { "after" }, o.Strings);

        o = s.Invoke($"{command} 'no-such-thing*'; 'after'");
        Assert.Empty(o.Errors);
        Assert.Equal(new[] { "after" }, o.Strings);
    }
}
