using System;
using System.Security;

namespace AtlasPS.Core
{
    /// <summary>An organization API key: HTTP Digest with the public key as user name and the private key as password.</summary>
    public sealed class ApiKeyCredential : AtlasCredential
    {
        public ApiKeyCredential(string publicKey, SecureString privateKey)
        {
            if (string.IsNullOrWhiteSpace(publicKey)) throw new ArgumentException("The public key is empty.", nameof(publicKey));
            PublicKey = publicKey;
            PrivateKey = privateKey ?? throw new ArgumentNullException(nameof(privateKey));
            PrivateKey.MakeReadOnly();
        }
        public string PublicKey { get; }
        internal SecureString PrivateKey { get; }
        public override string Identity => PublicKey;
        public override AtlasAuthKind Kind => AtlasAuthKind.ApiKey;
    }
}
