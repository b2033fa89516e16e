using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The steps of a credential rotation, in the order they run. Read-only steps first.</summary>
    public enum RotationStep
    {
        /// <summary>Read the current key (roles, project roles, access list) or service account (secrets).</summary>
        ReadCurrent,
        /// <summary>Vault present, registered, usable; an existing entry must hold the credential being rotated.</summary>
        CheckVault,
        /// <summary>Create the replacement key, or a new client secret.</summary>
        CreateCredential,
        /// <summary>API keys: copy the access list to the new key.</summary>
        CopyAccessList,
        /// <summary>API keys: assign the new key to the old key's projects with the same roles.</summary>
        CopyProjectAccess,
        /// <summary>Sign in with the new credential through a fresh client and make one cheap call.</summary>
        Prove,
        /// <summary>Overwrite the vault entry with the new credential (then metadata, best effort).</summary>
        Store,
        /// <summary>Delete the old key, or the secrets that were valid before the rotation (skipped with KeepPrevious).</summary>
        DeleteOld,
    }
}
