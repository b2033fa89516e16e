using System;
using System.Security;

namespace AtlasPS.Core
{
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
}
