using System;

namespace AtlasPS.Core
{
    /// <summary>
    /// What was asked for by an exact name or id does not exist (ObjectNotFound), found out by AtlasPS rather than by an
    /// HTTP 404: a public key, an exact -Name or -Description that matches nothing, a principal not in a project.
    /// A wildcard that matches nothing is not an error.
    /// </summary>
    public sealed class AtlasNotFoundException : Exception
    {
        public AtlasNotFoundException(string errorId, string message, object? targetObject = null) : base(message)
        {
            ErrorId = errorId;
            TargetObject = targetObject;
        }
        public string ErrorId { get; }
        public object? TargetObject { get; }
    }
}
