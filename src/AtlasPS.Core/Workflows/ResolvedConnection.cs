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
    /// <summary>The outcome of Resolve: what Connect-Atlas will use (no secrets in ToString).</summary>
    public sealed class ResolvedConnection
    {
        internal ResolvedConnection(AtlasCredential credential, string source, Uri baseUri, string? organizationId, string? projectId)
        {
            Credential = credential; Source = source; BaseUri = baseUri; OrganizationId = organizationId; ProjectId = projectId;
        }
        public AtlasCredential Credential { get; }
        /// <summary>Where the credential came from (parameter or environment variable names).</summary>
        public string Source { get; }
        public Uri BaseUri { get; }
        public string? OrganizationId { get; }
        public string? ProjectId { get; }
        public override string ToString() => $"{Credential} @ {BaseUri} from {Source}";
    }
}
