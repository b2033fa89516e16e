using System;
using System.Collections.Generic;

namespace AtlasPS.Core
{
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
}
