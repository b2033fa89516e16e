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
    /// <summary>Organization service accounts: find, create (access list, projects, hand-off, rollback), change, delete.</summary>
    public static class ServiceAccountWorkflows
    {
        public const string KnownKind = "serviceaccount";
        public const int DefaultThrottleLimit = FanOut.DefaultThrottleLimit;
        public const int MaxThrottleLimit = FanOut.MaxThrottleLimit;

        public static int ValidateThrottleLimit(int throttleLimit) => FanOut.ValidateThrottleLimit(throttleLimit);

        internal static ServiceAccount Remember(AtlasConnection connection, ServiceAccount sa)
        {
            connection.Known.Remember(KnownKind, sa.ClientId, sa.Name);
            return sa;
        }

        // ------------------------------------------------------------------ read

        /// <summary>All service accounts of the organization (the connection's default when orgId is null).</summary>
        public static async IAsyncEnumerable<ServiceAccount> ListAsync(AtlasConnection connection, string? orgId, PageRequest? paging = null,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            await foreach (var sa in connection.Client.ServiceAccounts.ListAsync(org, paging, ct).ConfigureAwait(false))
                yield return Remember(connection, sa);
        }

        public static async Task<ServiceAccount> GetAsync(AtlasConnection connection, string? orgId, string clientId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            return Remember(connection, await connection.Client.ServiceAccounts.GetAsync(org, id, ct).ConfigureAwait(false));
        }

        /// <summary>Accounts whose name matches any of the patterns (PowerShell wildcards, case-insensitive).</summary>
        public static async Task<ServiceAccountSearchResult> FindByNameAsync(AtlasConnection connection, string? orgId, IEnumerable<string> names,
            CancellationToken ct = default)
        {
            var patterns = (names ?? Enumerable.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (patterns.Count == 0)
                throw new AtlasValidationException("AtlasMissingValue", "-Name is empty. Give a name or a wildcard pattern such as 'ci-*'.", "Name");
            var regexes = patterns.Select(p => (Pattern: p, Regex: new AtlasWildcard(p))).ToList();
            var found = new List<ServiceAccount>();
            var hit = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            await foreach (var sa in ListAsync(connection, orgId, null, ct).ConfigureAwait(false))
            {
                bool matched = false;
                foreach (var r in regexes)
                    if (r.Regex.IsMatch(sa.Name)) { matched = true; hit.Add(r.Pattern); }
                if (matched) found.Add(sa);
            }
            var unmatched = patterns.Where(p => !AtlasWildcard.ContainsWildcard(p) && !hit.Contains(p)).ToList();
            return new ServiceAccountSearchResult(found, unmatched);
        }

        /// <summary>The accounts assigned to one project; Roles are then the project roles and ProjectId is set.</summary>
        public static async IAsyncEnumerable<ServiceAccount> ListInProjectAsync(AtlasConnection connection, string? orgId, string? projectId,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string project = connection.RequireProjectId(projectId);
            string org = string.IsNullOrWhiteSpace(orgId) ? (connection.OrganizationId ?? "") : AtlasInput.OrganizationId(orgId);
            await foreach (var sa in connection.Client.ServiceAccounts.ListInProjectAsync(org, project, paging, ct).ConfigureAwait(false))
                yield return Remember(connection, sa);
        }

        // ------------------------------------------------------------------ create

        /// <summary>Checks everything before any request: name, description, roles, lifetime, entries, projects and project roles.</summary>
        public static ValidatedNewServiceAccount Validate(AtlasConnection connection, NewServiceAccountRequest request)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            var v = new ValidatedNewServiceAccount
            {
                OrganizationId = connection.RequireOrganizationId(request.OrganizationId),
                Name = AtlasInput.ServiceAccountName(request.Name),
                Description = AtlasInput.ServiceAccountDescription(request.Description),
                Roles = AtlasInput.OrgRoles(request.Roles),
                SecretExpiresAfterHours = AtlasInput.SecretLifetimeHours(request.SecretExpiresAfterHours),
                AccessList = AtlasInput.AccessListEntries(request.AccessList, "IpAddress"),
                ProjectIds = (request.ProjectIds ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p))
                    .Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList(),
                ThrottleLimit = ValidateThrottleLimit(request.ThrottleLimit),
            };
            v.ProjectRoles = AtlasInput.ProjectRolesForProjects(v.ProjectIds, request.ProjectRoles, "to invite the service account into");
            return v;
        }

        /// <summary>
        /// Creates the account, top to bottom: validate, vault preflight (with a hand-off), create (its Secrets[0].Secret
        /// is the one-time SecureString secret), store it in the vault (with a hand-off), add the access list in POSTs of
        /// at most 200 entries, invite it into the projects (ThrottleLimit at once). If any step after creation fails, the
        /// one rollback path (<see cref="CreationRollback"/>) deletes the account again, and its vault entry; the
        /// AtlasWorkflowException says what failed and what is left.
        /// </summary>
        public static async Task<ServiceAccount> CreateAsync(AtlasConnection connection, NewServiceAccountRequest request,
            CredentialHandoff? handoff = null, CancellationToken ct = default)
        {
            var v = Validate(connection, request);
            var sas = connection.Client.ServiceAccounts;
            if (handoff != null) await handoff.PreflightAsync(ct).ConfigureAwait(false);
            // A lost answer to the POST is checked, not guessed (OutcomeCheck): no duplicate account, none without its secret.
            var sa = await OutcomeCheck.CreateCheckedAsync(new OutcomeCheck.Target
            {
                What = $"service account '{v.Name}'",
                ErrorPrefix = "AtlasServiceAccount",
                ListMatchingIds = async c =>
                {
                    var ids = new List<string>();
                    await foreach (var a in sas.ListAsync(v.OrganizationId, null, c).ConfigureAwait(false))
                        if (string.Equals(a.Name, v.Name, StringComparison.Ordinal)) ids.Add(a.ClientId);
                    return ids;
                },
                Delete = (id, c) => sas.DeleteAsync(v.OrganizationId, id, c),
                FindCommand = $"Get-AtlasServiceAccount -OrganizationId {v.OrganizationId} -Name '{v.Name}'",
            }, c => sas.CreateAsync(v.OrganizationId, new ServiceAccountSpec
            {
                Name = v.Name, Description = v.Description, Roles = v.Roles, SecretExpiresAfterHours = v.SecretExpiresAfterHours,
            }, c), ct).ConfigureAwait(false);
            Remember(connection, sa);
            var credential = AtlasHandoffs.ForServiceAccount(connection.Client, sa, async c =>
            {
                await sas.DeleteAsync(v.OrganizationId, sa.ClientId, c).ConfigureAwait(false);
                connection.Known.Forget(KnownKind, sa.ClientId);
            });

            string step = "storing the secret in the vault";
            using var budget = CommandBudget.For(connection);
            try
            {
                if (handoff != null) AtlasHandoffs.MarkStored(sa, await handoff.StoreAsync(credential, ct).ConfigureAwait(false));

                step = "adding the access list";
                // Access list in chunks of 200, then the projects by fan-out (AccessProvisioning).
                var projects = v.ProjectIds.Select(p => new ProjectRoleAssignment { ProjectId = p, Roles = v.ProjectRoles.ToArray() }).ToArray();
                await AccessProvisioning.RunAsync(connection.Client, new ServiceAccountPrincipal(sa.ClientId, v.OrganizationId), v.OrganizationId, v.AccessList,
                    projects, v.ThrottleLimit, budget,
                    (s, c) => { if (s == AccessProvisioning.Step.ProjectAccess) step = "inviting the account into the projects"; return Task.CompletedTask; }, ct).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw await CreationRollback.RunAsync(credential, handoff, "while " + step, ex,
                    ex is AccessProvisioningException p ? p.InnerException : null, budget).ConfigureAwait(false);
            }
            return sa;
        }

        // ------------------------------------------------------------------ change

        /// <summary>What Set-AtlasServiceAccount would change, for -WhatIf and -Confirm.</summary>
        public static string DescribeUpdate(string? name, string? description, IReadOnlyList<string>? roles)
        {
            var parts = new List<string>();
            if (name != null) parts.Add($"name to '{name}'");
            if (description != null) parts.Add($"description to '{description}'");
            if (roles != null) parts.Add("organization roles to " + string.Join(", ", roles) + " (replacing the current roles)");
            return parts.Count == 0 ? "Set nothing (give -Name, -Description or -Role)" : "Set " + string.Join(", ", parts);
        }

        /// <summary>Changes name, description and/or organization roles (roles replace the old set). At least one must be given.</summary>
        public static async Task<ServiceAccount> UpdateAsync(AtlasConnection connection, string? orgId, string clientId, string? name, string? description,
            IEnumerable<string>? roles, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            string? n = name is null ? null : AtlasInput.ServiceAccountName(name);
            string? d = description is null ? null : AtlasInput.ServiceAccountDescription(description);
            IReadOnlyList<string>? r = roles is null ? null : AtlasInput.OrgRoles(roles);
            if (n is null && d is null && r is null)
                throw new AtlasValidationException("AtlasNothingToChange", "Nothing to change: give -Name, -Description or -Role.", "Name");
            return Remember(connection, await connection.Client.ServiceAccounts.UpdateAsync(org, id, n, d, r, ct).ConfigureAwait(false));
        }

        /// <summary>Deletes the account from the organization: every secret stops working and every project loses it.</summary>
        public static async Task DeleteAsync(AtlasConnection connection, string? orgId, string clientId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            await connection.Client.ServiceAccounts.DeleteAsync(org, id, ct).ConfigureAwait(false);
            connection.Known.Forget(KnownKind, id);
        }
    }
}
