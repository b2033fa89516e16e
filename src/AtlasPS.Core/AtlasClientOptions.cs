using System;
using System.Net.Http;

namespace AtlasPS.Core
{
    /// <summary>Settings of one Atlas client (one connection).</summary>
    public sealed class AtlasClientOptions
    {
        public static readonly Uri DefaultBaseUri = new Uri("https://cloud.mongodb.com");

        public Uri BaseUri { get; set; } = DefaultBaseUri;
        public AtlasCredential? Credential { get; set; }
        /// <summary>Time allowed for one HTTP attempt.</summary>
        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
        /// <summary>Total time the retry strategy may spend on one call, waits included.</summary>
        public TimeSpan MaxRetryDuration { get; set; } = TimeSpan.FromMinutes(2);
        public int MaxRetryAttempts { get; set; } = 6;
        /// <summary>Base delay of the exponential backoff when Atlas gives no Retry-After.</summary>
        public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>
        /// Pages fetched at once after the first page told the total. 10 reads 5,000 items (10 pages of 500: the
        /// first, then 9 more plus one page to confirm the end, since totalCount is an estimate) in one round trip after
        /// the first page; a 429 makes the whole client back off together. Larger lists take one more round trip per
        /// 5,000 items.
        /// </summary>
        public int PageConcurrency { get; set; } = 10;
        /// <summary>Receives one event per HTTP attempt; secrets are already redacted.</summary>
        public Action<AtlasDiagnosticEvent>? Diagnostics { get; set; }
        /// <summary>The innermost handler (tests, proxies). Null: a SocketsHttpHandler/HttpClientHandler honouring system proxy settings.</summary>
        public HttpMessageHandler? InnerHandler { get; set; }
        /// <summary>Extra text appended to the User-Agent (e.g. the PowerShell edition and version).</summary>
        public string? UserAgentSuffix { get; set; }
        /// <summary>Clock used for token expiry (tests move it).</summary>
        public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

        /// <summary>The same settings signed in as another credential (rotation's proof, a new organization's rollback).</summary>
        internal AtlasClientOptions WithCredential(AtlasCredential credential)
        {
            var copy = (AtlasClientOptions)MemberwiseClone();
            copy.Credential = credential;
            return copy;
        }
    }
}
