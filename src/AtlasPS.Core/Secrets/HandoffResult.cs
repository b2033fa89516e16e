using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>Where a hand-off put the secret.</summary>
    public sealed class HandoffResult
    {
        internal HandoffResult(string vaultName, string secretName, bool metadataStored, IReadOnlyList<string> warnings)
        {
            VaultName = vaultName; SecretName = secretName; MetadataStored = metadataStored; Warnings = warnings;
        }
        public string VaultName { get; }
        public string SecretName { get; }
        /// <summary>"vault/name": the value of the StoredIn property of the returned object.</summary>
        public string Location => VaultName + "/" + SecretName;
        public bool MetadataStored { get; }
        public IReadOnlyList<string> Warnings { get; }
        public override string ToString() => Location;
    }
}
