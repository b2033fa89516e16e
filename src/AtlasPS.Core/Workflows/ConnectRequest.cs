using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>What Connect-Atlas was given. Every field is optional; what is missing comes from the environment.</summary>
    public sealed class ConnectRequest
    {
        /// <summary>A PSCredential-like pair: user name is a public key or (mdb_sa_id_...) a client id.</summary>
        public string? CredentialUserName { get; set; }
        public SecureString? CredentialPassword { get; set; }
        public string? PublicKey { get; set; }
        public SecureString? PrivateKey { get; set; }
        public string? ClientId { get; set; }
        public SecureString? ClientSecret { get; set; }
        public SecureString? AccessToken { get; set; }
        public Uri? BaseUri { get; set; }
        public string? OrganizationId { get; set; }
        public string? ProjectId { get; set; }
        /// <summary>Extra client settings (tests: InnerHandler, retry timings). BaseUri and Credential are set by the workflow.</summary>
        public Action<AtlasClientOptions>? ConfigureOptions { get; set; }
    }
}
