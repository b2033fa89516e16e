using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core;
using AtlasPS.Core.Validation;

namespace AtlasPS
{
    /// <summary>
    /// A connection to one Atlas organization: the client, the default organization and project, and what the
    /// session has already seen (for tab completion without network calls). Returned by Connect-Atlas -PassThru.
    /// </summary>
    public sealed class AtlasConnection : IDisposable
    {
        public AtlasConnection(AtlasClient client, string? organizationId, string? projectId)
        {
            Client = client ?? throw new ArgumentNullException(nameof(client));
            OrganizationId = organizationId;
            ProjectId = projectId;
            ConnectedAt = DateTimeOffset.UtcNow;
        }

        public AtlasClient Client { get; }
        public Uri BaseUri => Client.BaseUri;
        public AtlasAuthKind AuthenticationType => Client.Credential?.Kind ?? AtlasAuthKind.AccessToken;
        /// <summary>The public key or client id (never a secret).</summary>
        public string Identity => Client.Credential?.Identity ?? "";
        public string? OrganizationId { get; set; }
        public string? OrganizationName { get; set; }
        public string? ProjectId { get; set; }
        public DateTimeOffset ConnectedAt { get; }
        public bool IsDisposed { get; private set; }

        /// <summary>Ids and names this connection has seen, by kind ("project", "apikey", "serviceaccount", "org"), for completers.</summary>
        public KnownIds Known { get; } = new KnownIds();

        /// <summary>The organization to use: the explicit one, else the connection's default, else a clear error.</summary>
        public string RequireOrganizationId(string? explicitId)
        {
            var id = string.IsNullOrWhiteSpace(explicitId) ? OrganizationId : explicitId;
            if (string.IsNullOrWhiteSpace(id))
                throw new AtlasValidationException("AtlasNoOrganization",
                    "No organization was given and the connection has no default. Pass -OrganizationId, or reconnect with Connect-Atlas -OrganizationId <id> (Get-AtlasOrganization lists the ones this credential sees).", "OrganizationId");
            return AtlasInput.OrganizationId(id);
        }

        public string RequireProjectId(string? explicitId)
        {
            var id = string.IsNullOrWhiteSpace(explicitId) ? ProjectId : explicitId;
            if (string.IsNullOrWhiteSpace(id))
                throw new AtlasValidationException("AtlasNoProject",
                    "No project was given and the connection has no default. Pass -ProjectId (Get-AtlasProject lists them), or reconnect with Connect-Atlas -ProjectId <id>.", "ProjectId");
            return AtlasInput.ProjectId(id);
        }

        public override string ToString() => $"{AuthenticationType} {Identity} @ {BaseUri} (org {OrganizationId ?? "-"})";

        public void Dispose()
        {
            if (IsDisposed) return;
            IsDisposed = true;
            Client.Dispose();
        }
    }
}
