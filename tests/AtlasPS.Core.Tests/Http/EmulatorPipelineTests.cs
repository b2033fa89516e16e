using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

/// <summary>The pipeline against the emulator (branch `emulator`): faults injected by the server, state checked in it.</summary>
public sealed class EmulatorPipelineTests
{
    private static async Task<(EmulatorServer, AtlasClient)> StartAsync(bool serviceAccount = false)
    {
        var emu = await EmulatorServer.StartAsync(new EmulatorOptions());
        AtlasCredential cred = serviceAccount
            ? new ServiceAccountCredential(emu.Seed.ServiceAccountClientId, Calls.Secure(emu.Seed.ClientSecret))
            : new ApiKeyCredential(emu.Seed.PublicKey, Calls.Secure(emu.Seed.PrivateKey));
        var client = new AtlasClient(new AtlasClientOptions { BaseUri = emu.BaseUri, Credential = cred, RetryBaseDelay = TimeSpan.FromMilliseconds(10) });
        return (emu, client);
    }

    [Fact]
    public async Task A_create_whose_answer_is_lost_is_not_sent_again_and_exists_once()
    {
        var (emu, client) = await StartAsync();
        await using var _ = emu;
        using var __ = client;
        await client.Organizations.GetAsync(emu.Seed.OrgId); // digest nonce cached: the POST is authorized on its first attempt
        int before = emu.State.ApiKeys.Count;
        emu.Faults.DropConnection("POST", $"orgs/{emu.Seed.OrgId}/apiKeys", DropTiming.AfterHandler);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => client.ApiKeys.CreateAsync(emu.Seed.OrgId, "lost answer", new[] { "ORG_MEMBER" }));
        Assert.Contains("did not send it again", ex.Message);
        Assert.Equal(before + 1, emu.State.ApiKeys.Count);
        Assert.Equal(1, emu.Requests.Count(r => r.Method == "POST"));
    }

    [Fact]
    public async Task A_get_whose_connection_drops_is_retried()
    {
        var (emu, client) = await StartAsync();
        await using var _ = emu;
        using var __ = client;
        emu.Faults.DropConnection("GET", $"orgs/{emu.Seed.OrgId}", DropTiming.AfterHandler, count: 2);
        var org = await client.Organizations.GetAsync(emu.Seed.OrgId);
        Assert.Equal(emu.Seed.OrgId, org.Id);
    }

    [Fact]
    public async Task Bursts_of_429_and_503_are_ridden_out()
    {
        var (emu, client) = await StartAsync();
        await using var _ = emu;
        using var __ = client;
        await client.Organizations.GetAsync(emu.Seed.OrgId);
        emu.Faults.TooManyRequestsBurst = 2;
        await client.Organizations.GetAsync(emu.Seed.OrgId);
        emu.Faults.ServiceUnavailableBurst = 2;
        var key = await client.ApiKeys.CreateAsync(emu.Seed.OrgId, "after 503", new[] { "ORG_MEMBER" });
        Assert.Equal(1, emu.State.ApiKeys.Count(k => k.Id == key.Id));
    }

    [Fact]
    public async Task A_429_burst_from_the_token_endpoint_is_ridden_out()
    {
        var (emu, client) = await StartAsync(serviceAccount: true);
        await using var _ = emu;
        using var __ = client;
        emu.Faults.TokenTooManyRequestsBurst = 2;
        var org = await client.Organizations.GetAsync(emu.Seed.OrgId);
        Assert.Equal(emu.Seed.OrgId, org.Id);
        Assert.Equal(1, client.Http.Chain.OAuth!.TokenRequests);
    }
}
