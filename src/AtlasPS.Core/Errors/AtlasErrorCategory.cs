using System;
using System.Net.Http;
using System.Net.Sockets;

namespace AtlasPS.Core
{
    /// <summary>PowerShell error categories we use, by name (mapped 1:1 onto System.Management.Automation.ErrorCategory).</summary>
    public enum AtlasErrorCategory
    {
        NotSpecified, InvalidArgument, AuthenticationError, PermissionDenied, ObjectNotFound, ResourceExists,
        LimitsExceeded, ResourceUnavailable, OperationTimeout, ConnectionError, InvalidOperation, NotInstalled, InvalidData, OperationStopped,
    }
}
