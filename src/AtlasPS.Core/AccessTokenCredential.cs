using System;
using System.Security;

namespace AtlasPS.Core
{
    /// <summary>A bearer token obtained elsewhere (and the mode used against Prism).</summary>
    public sealed class AccessTokenCredential : AtlasCredential
    {
        public AccessTokenCredential(SecureString token)
        {
            Token = token ?? throw new ArgumentNullException(nameof(token));
            Token.MakeReadOnly();
        }
        internal SecureString Token { get; }
        public override string Identity => "access-token";
        public override AtlasAuthKind Kind => AtlasAuthKind.AccessToken;
    }
}
