using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    public enum SecretVaultState
    {
        /// <summary>Registered and usable now.</summary>
        Ready,
        /// <summary>No vault of that name is registered.</summary>
        NotRegistered,
        /// <summary>Registered, but locked, unreachable or failing its own test.</summary>
        Unavailable,
    }
}
