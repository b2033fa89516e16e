using System;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Secrets
{
    /// <summary>A credential read back from a vault, with what its metadata says (all optional).</summary>
    public sealed class VaultCredential
    {
        internal VaultCredential(AtlasCredential credential, string? organizationId, Uri? baseUri, DateTimeOffset? expires, string location)
        {
            Credential = credential; OrganizationId = organizationId; BaseUri = baseUri; Expires = expires; Location = location;
        }
        /// <summary>ApiKeyCredential, or ServiceAccountCredential when the user name starts with mdb_sa_id_.</summary>
        public AtlasCredential Credential { get; }
        /// <summary>From the AtlasOrgId metadata, when the vault kept it.</summary>
        public string? OrganizationId { get; }
        /// <summary>From the AtlasBaseUrl metadata, when the vault kept it.</summary>
        public Uri? BaseUri { get; }
        /// <summary>Secret expiry (service accounts), from AtlasExpires.</summary>
        public DateTimeOffset? Expires { get; }
        /// <summary>"vault/name".</summary>
        public string Location { get; }
        public override string ToString() => Credential + " from " + Location;
    }
}
