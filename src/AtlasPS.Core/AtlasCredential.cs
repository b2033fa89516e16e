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

    public enum AtlasAuthKind { ApiKey, ServiceAccount, AccessToken }

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

    /// <summary>A service account: OAuth 2.0 client credentials exchanged for a bearer token.</summary>
    public sealed class ServiceAccountCredential : AtlasCredential
    {
        public const string ClientIdPrefix = "mdb_sa_id_";
        public ServiceAccountCredential(string clientId, SecureString clientSecret)
        {
            if (string.IsNullOrWhiteSpace(clientId)) throw new ArgumentException("The client id is empty.", nameof(clientId));
            ClientId = clientId;
            ClientSecret = clientSecret ?? throw new ArgumentNullException(nameof(clientSecret));
            ClientSecret.MakeReadOnly();
        }
        public string ClientId { get; }
        internal SecureString ClientSecret { get; }
        public override string Identity => ClientId;
        public override AtlasAuthKind Kind => AtlasAuthKind.ServiceAccount;
    }

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
