using System;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;

namespace AtlasPS.Core
{
    /// <summary>
    /// One connection to Atlas: a base URL, a credential and one HTTP pipeline shared by every resource client.
    /// Thread-safe; meant to live as long as the PowerShell connection that owns it.
    /// </summary>
    public sealed class AtlasClient : IDisposable
    {
        private readonly AtlasHttp http;

        public AtlasClient(AtlasClientOptions options)
        {
            http = new AtlasHttp(options);
            Organizations = new OrganizationsClient(http);
            Projects = new ProjectsClient(http);
            ApiKeys = new ApiKeysClient(http);
            ServiceAccounts = new ServiceAccountsClient(http);
            Billing = new BillingClient(http);
            Clusters = new ClustersClient(http);
        }

        /// <summary>The settings, credential included: internal, so that nothing public reachable from a connection hands out a secret.</summary>
        internal AtlasClientOptions Options => http.Options;
        public Uri BaseUri => http.BaseUri;
        public AtlasCredential? Credential => http.Options.Credential;

        public OrganizationsClient Organizations { get; }
        public ProjectsClient Projects { get; }
        public ApiKeysClient ApiKeys { get; }
        public ServiceAccountsClient ServiceAccounts { get; }
        public BillingClient Billing { get; }
        public ClustersClient Clusters { get; }

        internal AtlasHttp Http => http;

        public void Dispose() => http.Dispose();
    }
}
