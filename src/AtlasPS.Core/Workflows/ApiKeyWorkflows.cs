using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Organization API keys: create (with access list, assignments, hand-off and rollback), find, change, delete.</summary>
    public static class ApiKeyWorkflows
    {
        public const string KnownKind = "apikey";

        /// <summary>
        /// Entries per access-list POST. The API-key operation declares no maxItems, but the service-account one says 200
        /// and the emulator (like Atlas, as far as we know) refuses more than 200 in one body: 200 is safe everywhere and
        /// still adds 1,000 entries in 5 requests.
        /// </summary>
        public const int AccessListEntriesPerRequest = 200;

        /// <summary>The validated form of a NewApiKeyRequest.</summary>
        public sealed class ValidatedNewApiKey
        {
            internal ValidatedNewApiKey() { }
            public string OrganizationId { get; internal set; } = "";
            public string Description { get; internal set; } = "";
            public IReadOnlyList<string> Roles { get; internal set; } = Array.Empty<string>();
            public IReadOnlyList<AccessListSpec> AccessList { get; internal set; } = Array.Empty<AccessListSpec>();
            public IReadOnlyList<string> ProjectIds { get; internal set; } = Array.Empty<string>();
            public IReadOnlyList<string> ProjectRoles { get; internal set; } = Array.Empty<string>();
            public int ThrottleLimit { get; internal set; }
        }

        /// <summary>Checks everything before any request: description, roles, entries, project ids and roles.</summary>
        public static ValidatedNewApiKey Validate(AtlasConnection connection, NewApiKeyRequest request)
        {
            var v = new ValidatedNewApiKey
            {
                OrganizationId = connection.RequireOrganizationId(request.OrganizationId),
                Description = AtlasInput.Description(request.Description),
                Roles = AtlasInput.OrgRoles(request.Roles),
                AccessList = AtlasInput.AccessListEntries(request.AccessList, "AccessListEntry"),
                ProjectIds = (request.ProjectIds ?? Enumerable.Empty<string>()).Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList(),
                ThrottleLimit = FanOut.ValidateThrottleLimit(request.ThrottleLimit),
            };
            v.ProjectRoles = AtlasInput.ProjectRolesForProjects(v.ProjectIds, request.ProjectRoles, "to assign the key to");
            return v;
        }

        /// <summary>
        /// Creates the key, top to bottom: validate, vault preflight (with a hand-off), create, store the private key in
        /// the vault (with a hand-off), add the access list, assign the projects (at most ThrottleLimit at once). If any
        /// step after creation fails, the one rollback path (<see cref="CreationRollback"/>) deletes the key again, and
        /// its vault entry; the AtlasWorkflowException says what failed and what is left.
        /// </summary>
        /// <param name="handoff">With -Vault: the hand-off that stores the private key (then removed from the result).</param>
        public static async Task<ApiKey> CreateAsync(AtlasConnection connection, NewApiKeyRequest request,
            CredentialHandoff? handoff = null, CancellationToken ct = default)
        {
            var v = Validate(connection, request);
            var client = connection.Client;
            if (handoff != null) await handoff.PreflightAsync(ct).ConfigureAwait(false);
            // A lost answer to the POST is checked, not guessed (OutcomeCheck): no duplicate key, no key without its private key.
            var key = await OutcomeCheck.CreateCheckedAsync(new OutcomeCheck.Target
            {
                What = $"API key '{v.Description}'",
                ErrorPrefix = "AtlasApiKey",
                ListMatchingIds = async c =>
                {
                    var ids = new List<string>();
                    await foreach (var k in client.ApiKeys.ListAsync(v.OrganizationId, null, c).ConfigureAwait(false))
                        if (string.Equals(k.Description, v.Description, StringComparison.Ordinal)) ids.Add(k.Id);
                    return ids;
                },
                Delete = (id, c) => client.ApiKeys.DeleteAsync(v.OrganizationId, id, c),
                FindCommand = $"Get-AtlasApiKey -OrganizationId {v.OrganizationId} -Description '{v.Description}'",
            }, c => client.ApiKeys.CreateAsync(v.OrganizationId, v.Description, v.Roles, c), ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, key.Id, key.Description);
            var credential = AtlasHandoffs.ForApiKey(client, key, async c =>
            {
                await client.ApiKeys.DeleteAsync(v.OrganizationId, key.Id, c).ConfigureAwait(false);
                connection.Known.Forget(KnownKind, key.Id);
            });

            string step = "vault";
            using var budget = CommandBudget.For(connection);
            try
            {
                if (handoff != null) AtlasHandoffs.MarkStored(key, await handoff.StoreAsync(credential, ct).ConfigureAwait(false));

                // Access list in chunks of 200, then the projects by fan-out (AccessProvisioning).
                var projects = v.ProjectIds.Select(p => new ProjectRoleAssignment { ProjectId = p, Roles = v.ProjectRoles.ToArray() }).ToArray();
                await AccessProvisioning.RunAsync(client, new ApiKeyPrincipal(key.Id), v.OrganizationId, v.AccessList, projects, v.ThrottleLimit, budget,
                    (s, c) => { step = s == AccessProvisioning.Step.AccessList ? "access list" : "project assignments"; return Task.CompletedTask; }, ct).ConfigureAwait(false);
                if (projects.Length > 0) key.ProjectRoles = projects;
            }
            catch (Exception ex)
            {
                throw await CreationRollback.RunAsync(credential, handoff, $"at the {step} step", ex,
                    ex is AccessProvisioningException p ? p.InnerException : null, budget).ConfigureAwait(false);
            }
            return key;
        }

        // ---- lookups

        /// <summary>One key by id; remembered for completion.</summary>
        public static async Task<ApiKey> GetByIdAsync(AtlasConnection connection, string? organizationId, string apiKeyId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            var key = await connection.Client.ApiKeys.GetAsync(org, AtlasInput.ApiKeyId(apiKeyId), ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, key.Id, key.Description);
            return key;
        }

        /// <summary>
        /// Lists the organization's keys, optionally filtered by public key (exact) or description wildcards. Paging
        /// (First/Skip) applies to the unfiltered list only when no filter is given; with a filter it applies to matches.
        /// </summary>
        public static async IAsyncEnumerable<ApiKey> ListAsync(AtlasConnection connection, string? organizationId, IReadOnlyList<string>? publicKeys = null,
            IReadOnlyList<string>? descriptionPatterns = null, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            var pubs = publicKeys is { Count: > 0 } ? new HashSet<string>(publicKeys.Select(p => p.Trim()), StringComparer.OrdinalIgnoreCase) : null;
            var patterns = descriptionPatterns is { Count: > 0 } ? descriptionPatterns.Select(p => new AtlasWildcard(p)).ToList() : null;
            bool filtered = pubs != null || patterns != null;
            long skip = filtered ? paging?.Skip ?? 0 : 0;
            long first = filtered ? paging?.First ?? long.MaxValue : long.MaxValue;
            var request = filtered ? new PageRequest { OnTotalCount = null } : paging;
            await foreach (var k in connection.Client.ApiKeys.ListAsync(org, request, ct).ConfigureAwait(false))
            {
                connection.Known.Remember(KnownKind, k.Id, k.Description);
                if (pubs != null && !pubs.Contains(k.PublicKey)) continue;
                if (patterns != null && !AtlasWildcard.MatchesAny(patterns, k.Description)) continue;
                if (skip > 0) { skip--; continue; }
                if (first-- <= 0) yield break;
                yield return k;
            }
        }

        /// <summary>Finds one key by public key; a clear AtlasApiKeyNotFound-style error when there is none.</summary>
        public static async Task<ApiKey> GetByPublicKeyAsync(AtlasConnection connection, string? organizationId, string publicKey, CancellationToken ct = default)
        {
            await foreach (var k in ListAsync(connection, organizationId, new[] { publicKey }, null, null, ct).ConfigureAwait(false))
                return k;
            throw new AtlasNotFoundException("AtlasApiKeyNotFound",
                $"No API key with public key {AtlasInput.Quote(publicKey)} in organization {connection.RequireOrganizationId(organizationId)}. Get-AtlasApiKey lists the keys.", publicKey);
        }

        /// <summary>Changes description and/or roles (roles replace the old set). At least one must be given.</summary>
        public static async Task<ApiKey> UpdateAsync(AtlasConnection connection, string? organizationId, string apiKeyId, string? description,
            IEnumerable<string>? roles, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            string id = AtlasInput.ApiKeyId(apiKeyId);
            string? desc = description is null ? null : AtlasInput.Description(description);
            IReadOnlyList<string>? r = roles is null ? null : AtlasInput.OrgRoles(roles);
            if (desc is null && r is null)
                throw new AtlasValidationException("AtlasNothingToChange", "Give -Description and/or -Role: there is nothing to change.", "Description");
            var key = await connection.Client.ApiKeys.UpdateAsync(org, id, desc, r, ct).ConfigureAwait(false);
            connection.Known.Remember(KnownKind, key.Id, key.Description);
            return key;
        }

        /// <summary>Deletes the key; Atlas removes it from every project as well.</summary>
        public static async Task RemoveAsync(AtlasConnection connection, string? organizationId, string apiKeyId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            string id = AtlasInput.ApiKeyId(apiKeyId);
            await connection.Client.ApiKeys.DeleteAsync(org, id, ct).ConfigureAwait(false);
            connection.Known.Forget(KnownKind, id);
        }
    }
}
