using System;
using System.Collections.Generic;

namespace AtlasPS.Core
{
    /// <summary>Atlas answered with an error. Carries Atlas's error body, the HTTP status and what was asked.</summary>
    public sealed class AtlasApiException : Exception
    {
        public AtlasApiException(string message, int statusCode, string? errorCode, string? detail, string? reason,
            string method, string path, IReadOnlyList<AtlasFieldViolation>? fieldViolations = null, Exception? inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            ErrorCode = errorCode;
            Detail = detail;
            Reason = reason;
            Method = method;
            Path = path;
            FieldViolations = fieldViolations ?? Array.Empty<AtlasFieldViolation>();
        }

        public int StatusCode { get; }
        /// <summary>Atlas's errorCode, e.g. RESOURCE_NOT_FOUND.</summary>
        public string? ErrorCode { get; }
        public string? Detail { get; }
        public string? Reason { get; }
        public string Method { get; }
        public string Path { get; }
        public IReadOnlyList<AtlasFieldViolation> FieldViolations { get; }
        /// <summary>Atlas's `parameters` array, as raw JSON values rendered to text.</summary>
        public IReadOnlyList<string> Parameters { get; internal set; } = Array.Empty<string>();
        /// <summary>The Retry-After Atlas asked for (429/503), if any.</summary>
        public TimeSpan? RetryAfter { get; internal set; }
    }
}
