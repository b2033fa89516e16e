using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Organizations: list/find (id, name wildcards), create (with its first API key or service account), rename, delete.</summary>
    public static class OrganizationWorkflows
    {
        public const string KnownKind = "org";

        public static async Task<Organization> GetByIdAsync(AtlasConnection connection, string organizationId, CancellationToken ct = default)
        {
            var o = await connection.Client.Organizations.GetAsync(AtlasInput.OrganizationId(organizationId), ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, o.Id, o.Name);
            return o;
        }

        /// <summary>Every organization the credential sees; with name patterns, only matches (paging then applies to matches).</summary>
        public static async IAsyncEnumerable<Organization> ListAsync(AtlasConnection connection, IReadOnlyList<string>? namePatterns = null,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            var patterns = namePatterns is { Count: > 0 } ? namePatterns.Select(p => new AtlasWildcard(p)).ToList() : null;
            long skip = patterns != null ? paging?.Skip ?? 0 : 0;
            long first = patterns != null ? paging?.First ?? long.MaxValue : long.MaxValue;
            await foreach (var o in connection.Client.Organizations.ListAsync(patterns != null ? null : paging, ct).ConfigureAwait(false))
            {
                connection.Known.Remember(KnownKind, o.Id, o.Name);
                if (patterns != null && !AtlasWildcard.MatchesAny(patterns, o.Name)) continue;
                if (skip > 0) { skip--; continue; }
                if (first-- <= 0) yield break;
                yield return o;
            }
        }

        /// <summary>What New-AtlasOrganization asks for. Give at most one of an API key or a service account.</summary>
        public sealed class NewOrganizationRequest
        {
            public string? Name { get; set; }
            public string? ApiKeyDescription { get; set; }
            public IEnumerable<string>? ApiKeyRoles { get; set; }
            public string? ServiceAccountName { get; set; }
            public string? ServiceAccountDescription { get; set; }
            public IEnumerable<string>? ServiceAccountRoles { get; set; }
            public int ServiceAccountSecretExpiresAfterHours { get; set; } = 720;
            public string? OrgOwnerId { get; set; }
        }

        /// <summary>
        /// Creates the organization, top to bottom: validate, vault preflight (with a hand-off), create, store its first
        /// credential (with a hand-off; on failure the one rollback path, <see cref="CreationRollback"/>, deletes the whole
        /// new organization again, signed in as that credential).
        /// </summary>
        public static async Task<NewOrganizationResult> CreateAsync(AtlasConnection connection, NewOrganizationRequest request,
            CredentialHandoff? handoff = null, CancellationToken ct = default)
        {
            string name = AtlasInput.AtlasObjectName(request.Name);
            string? keyDesc = null;
            IReadOnlyList<string>? keyRoles = null;
            ServiceAccountSpec? sa = null;
            if (request.ApiKeyDescription != null)
            {
                keyDesc = AtlasInput.Description(request.ApiKeyDescription, "ApiKeyDescription");
                keyRoles = AtlasInput.OrgRoles(request.ApiKeyRoles ?? new[] { "ORG_OWNER" }, "ApiKeyRole");
            }
            else if (request.ApiKeyRoles != null && request.ApiKeyRoles.Any())
                throw new AtlasValidationException("AtlasApiKeyRoleWithoutKey", "-ApiKeyRole needs -ApiKeyDescription (the first API key's description).", "ApiKeyRole");
            if (request.ServiceAccountName != null)
            {
                if (keyDesc != null)
                    throw new AtlasValidationException("AtlasAmbiguousFirstCredential", "Give either -ApiKeyDescription or -ServiceAccountName for the new organization's first credential, not both.", "ServiceAccountName");
                sa = new ServiceAccountSpec
                {
                    Name = AtlasInput.ServiceAccountName(request.ServiceAccountName, "ServiceAccountName"),
                    Description = AtlasInput.ServiceAccountDescription(request.ServiceAccountDescription ?? request.ServiceAccountName, "ServiceAccountDescription"),
                    Roles = AtlasInput.OrgRoles(request.ServiceAccountRoles ?? new[] { "ORG_OWNER" }, "ServiceAccountRole"),
                    SecretExpiresAfterHours = AtlasInput.SecretLifetimeHours(request.ServiceAccountSecretExpiresAfterHours),
                };
            }
            if (handoff != null && keyDesc == null && sa == null)
                throw new AtlasValidationException("AtlasVaultWithoutCredential",
                    "-Vault stores the new organization's first credential: give -ApiKeyDescription or -ServiceAccountName too.", "Vault");
            if (handoff != null) await handoff.PreflightAsync(ct).ConfigureAwait(false);
            var r = await connection.Client.Organizations.CreateAsync(name, keyDesc, keyRoles, sa, request.OrgOwnerId, ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, r.Organization.Id, r.Organization.Name);
            if (handoff != null && AtlasHandoffs.ForNewOrganization(connection.Client, r) is { } first)
            {
                var stored = await handoff.StoreOrRollBackAsync(first, ct).ConfigureAwait(false);
                if (r.ApiKey != null) AtlasHandoffs.MarkStored(r.ApiKey, stored);
                if (r.ServiceAccount != null) AtlasHandoffs.MarkStored(r.ServiceAccount, stored);
            }
            return r;
        }

        public static async Task<Organization> RenameAsync(AtlasConnection connection, string organizationId, string newName, CancellationToken ct = default)
        {
            var o = await connection.Client.Organizations.RenameAsync(AtlasInput.OrganizationId(organizationId), AtlasInput.AtlasObjectName(newName), ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, o.Id, o.Name);
            if (o.Id == connection.OrganizationId) connection.OrganizationName = o.Name;
            return o;
        }

        public static async Task RemoveAsync(AtlasConnection connection, string organizationId, CancellationToken ct = default)
        {
            string id = AtlasInput.OrganizationId(organizationId);
            await connection.Client.Organizations.DeleteAsync(id, ct).ConfigureAwait(false);
            connection.Known.Forget(KnownKind, id);
        }
    }
}
