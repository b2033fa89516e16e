using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// A vault-level failure with a stable error id and a real category (NotInstalled, ObjectNotFound,
    /// ResourceUnavailable, ResourceExists, InvalidData). Raised before anything is created in Atlas, or when
    /// reading a stored credential back.
    /// </summary>
    public sealed class AtlasVaultException : Exception
    {
        public AtlasVaultException(string errorId, AtlasErrorCategory category, string message, string? vaultName = null, string? secretName = null, Exception? inner = null)
            : base(message, inner)
        {
            ErrorId = errorId; Category = category; VaultName = vaultName; SecretName = secretName;
        }
        public string ErrorId { get; }
        public AtlasErrorCategory Category { get; }
        public string? VaultName { get; }
        public string? SecretName { get; }
    }
}
