using System;
using System.Net.Http;

namespace AtlasPS.Core
{
    /// <summary>One HTTP attempt, as the diagnostics hook sees it. Never carries a secret.</summary>
    public sealed class AtlasDiagnosticEvent
    {
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public int? Status { get; set; }
        public int Attempt { get; set; }
        public TimeSpan Elapsed { get; set; }
        /// <summary>Free text: "digest challenge", "retry after 2s", "token refreshed", redacted bodies...</summary>
        public string? Message { get; set; }
        public override string ToString() =>
            $"{Method} {Path} -> {(Status?.ToString() ?? "no response")} (attempt {Attempt}, {Elapsed.TotalMilliseconds:0} ms){(Message is null ? "" : ": " + Message)}";
    }
}
