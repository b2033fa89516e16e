using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>Helpers around the emulator's request log and fault counter.</summary>
public static class Emulation
{
    /// <summary>
    /// The emulator appends a request to its log after the response is written, so a client can finish before its
    /// last request is logged. Wait until the count stops moving (a few milliseconds) before reading it.
    /// </summary>
    public static async Task<int> SettledRequestCountAsync(EmulatorServer server)
    {
        int last = -1, stable = 0;
        for (var i = 0; i < 100 && stable < 3; i++)
        {
            var n = server.Requests.Count();
            stable = n == last ? stable + 1 : 0;
            last = n;
            await Task.Delay(25);
        }
        return last;
    }

    /// <summary>
    /// Turns on "every 10th request gets 429 (Retry-After: 1)" and sends 8 throw-away unauthenticated requests, so the
    /// scenario's own 2nd request is the 10th: even a scenario of 2 requests meets a 429. The log is cleared afterwards.
    /// </summary>
    public static async Task ArmTooManyRequestsAsync(EmulatorServer server, int everyN = 10, int retryAfterSeconds = 1)
    {
        server.Faults.RetryAfterSeconds = retryAfterSeconds;
        server.Faults.TooManyRequestsEveryN = everyN; // resets the emulator's counter
        using var raw = new HttpClient { BaseAddress = server.BaseUri };
        for (var i = 0; i < everyN - 2; i++)
            using (await raw.GetAsync("api/atlas/v2/orgs")) { }
        await SettledRequestCountAsync(server);
        server.Requests.Clear();
    }
}
