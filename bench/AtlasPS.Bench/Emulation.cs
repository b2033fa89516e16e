using AtlasPS.Emulator;

namespace AtlasPS.Bench;

/// <summary>Helpers around the emulator's request log and fault counter.</summary>
public static class Emulation
{
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
        server.Requests.Clear();
    }
}
