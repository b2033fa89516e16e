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

    public sealed class AtlasFieldViolation
    {
        public AtlasFieldViolation(string field, string description) { Field = field; Description = description; }
        public string Field { get; }
        public string Description { get; }
        public override string ToString() => Field + ": " + Description;
    }

    /// <summary>Input refused before any request was sent. ErrorId is stable (e.g. AtlasInvalidIpAddress).</summary>
    public sealed class AtlasValidationException : ArgumentException
    {
        private readonly string? message;

        public AtlasValidationException(string errorId, string message, string? parameterName = null, object? targetObject = null)
            : base(message, parameterName)
        {
            this.message = message;
            ErrorId = errorId;
            TargetObject = targetObject;
        }
        public string ErrorId { get; }
        public object? TargetObject { get; }
        // ArgumentException.Message appends the parameter name: " (Parameter 'x')" on .NET Core, a new line with a
        // localized "Parameter name: x" on .NET Framework (Windows PowerShell 5.1). The message is shown exactly as written;
        // the parameter stays in ParamName.
        public override string Message => message ?? base.Message;
    }

    /// <summary>A multi-step operation failed part-way. Says what was done, what was undone and what is left.</summary>
    public sealed class AtlasWorkflowException : Exception
    {
        public AtlasWorkflowException(string errorId, string message, Exception? inner = null, object? targetObject = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            TargetObject = targetObject;
        }
        public string ErrorId { get; }
        /// <summary>For a credential that could be neither stored nor rolled back: an object holding its id and its secret as SecureString.</summary>
        public object? TargetObject { get; }
    }
}
