namespace AtlasPS.Emulator;

/// <summary>One request as the emulator saw it.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="Path">Raw path as received (percent-encoding such as %2F preserved), without the query.</param>
/// <param name="Query">Raw query string including the leading '?', or empty.</param>
/// <param name="Status">Status sent; 0 when the connection was dropped.</param>
/// <param name="DigestChallenged">True when answered with a 401 carrying a Digest challenge.</param>
/// <param name="Timestamp">When the request arrived.</param>
/// <param name="Dropped">True when the connection was aborted by a drop rule.</param>
/// <param name="Principal">API key public key or service-account client id that authenticated, if any.</param>
public sealed record RequestLogEntry(string Method, string Path, string Query, int Status, bool DigestChallenged,
    DateTimeOffset Timestamp, bool Dropped, string? Principal)
{
    /// <summary>
    /// When the answer was about to be written (or the connection dropped): the entry is logged then, before the client
    /// can see the outcome. With <see cref="Timestamp"/>, a timeline of round trips.
    /// </summary>
    public DateTimeOffset Completed { get; init; }
}
