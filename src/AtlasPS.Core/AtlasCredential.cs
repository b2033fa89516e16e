using System;
using System.Security;

namespace AtlasPS.Core
{
    /// <summary>
    /// How the client authenticates. Secrets stay in SecureString until the HTTP boundary, and only the module's own
    /// assemblies can read them: a credential reachable from a connection (Get-AtlasConnection) shows its kind and
    /// identity, never its secret (no public member returns it, so Export-Clixml and reflection over public
    /// properties find nothing).
    /// </summary>
    public abstract class AtlasCredential
    {
        /// <summary>The non-secret half (public key, client id), or a fixed label for a bearer token.</summary>
        public abstract string Identity { get; }
        public abstract AtlasAuthKind Kind { get; }
        public override string ToString() => Kind + ":" + Identity;
    }
}
