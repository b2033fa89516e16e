using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS
{
    /// <summary>Which kind of credential a rotation replaces.</summary>
    public enum CredentialKind { ApiKey, ServiceAccount }
}
