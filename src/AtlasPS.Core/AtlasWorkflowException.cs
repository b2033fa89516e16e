using System;
using System.Collections.Generic;

namespace AtlasPS.Core
{
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
