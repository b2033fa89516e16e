using System;
using System.Collections.Generic;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// A secret read from a vault: the user name (public key or client id) and the password (private key or
    /// client secret), as a PSCredential would hold them, plus the vault's metadata (empty when none).
    /// UserName is null when the secret was stored as a bare SecureString or string rather than a PSCredential.
    /// </summary>
    public sealed class StoredCredential
    {
        public StoredCredential(string? userName, SecureString password, IReadOnlyDictionary<string, object>? metadata = null)
        {
            UserName = userName;
            Password = password ?? throw new ArgumentNullException(nameof(password));
            Metadata = metadata ?? new Dictionary<string, object>();
        }
        public string? UserName { get; }
        public SecureString Password { get; }
        public IReadOnlyDictionary<string, object> Metadata { get; }
        public override string ToString() => UserName ?? "(no user name)";
    }
}
