using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// A principal's access to projects: list, grant (adds roles to existing ones), set (replace), revoke (named roles,
    /// or unassign). Fans out over many projects with bounded concurrency; results come back in input order and a
    /// failing project is reported on its own without aborting the rest.
    /// </summary>
    public static class ProjectAccessWorkflows
    {
        /// <summary>The principals with access to a project, with their project roles (API keys and service accounts).</summary>
        public static async Task<IReadOnlyList<ProjectAccess>> GetAsync(AtlasConnection connection, string projectId, PrincipalRef? principal = null,
            CancellationToken ct = default)
        {
            string pid = AtlasInput.ProjectId(projectId);
            var list = new List<ProjectAccess>();
            if (principal != null)
            {
                // Only the principal's kind is read.
                if (await principal.Access.FindInProjectAsync(connection, pid, ct).ConfigureAwait(false) is { } mine) list.Add(mine);
                return list;
            }
            // A project's listing shows both kinds of principal.
            await foreach (var a in ApiKeyPrincipal.ListInProjectAsync(connection, pid, ct).ConfigureAwait(false)) list.Add(a);
            await foreach (var a in ServiceAccountPrincipal.ListInProjectAsync(connection, pid, ct).ConfigureAwait(false)) list.Add(a);
            return list;
        }

        /// <summary>
        /// Every project an API key is in, with its roles there: read from the key itself (one request; Atlas lists a key's
        /// project roles with it), the counterpart of a service account's project listing.
        /// </summary>
        public static async Task<IReadOnlyList<ProjectAccess>> ListForApiKeyAsync(AtlasConnection connection, string? organizationId, string apiKeyId,
            CancellationToken ct = default)
        {
            var key = await ApiKeyWorkflows.GetByIdAsync(connection, organizationId, apiKeyId, ct).ConfigureAwait(false);
            return key.ProjectRoles.Select(pr => new ProjectAccess
            {
                ProjectId = pr.ProjectId, PrincipalType = PrincipalType.ApiKey, ApiKeyId = key.Id, PublicKey = key.PublicKey,
                Name = key.Description, Roles = pr.Roles.ToArray(),
            }).ToList();
        }

        /// <summary>Get for many projects at once (bounded), in input order.</summary>
        public static async Task<IReadOnlyList<ItemResult<string, IReadOnlyList<ProjectAccess>>>> GetManyAsync(AtlasConnection connection, IEnumerable<string> projectIds,
            PrincipalRef? principal, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            FanOut.ValidateThrottleLimit(throttleLimit);
            using var budget = CommandBudget.For(connection);
            return await FanOut.RunAsync(ids, throttleLimit, (pid, c) => GetAsync(connection, pid, principal, c), budget, ct).ConfigureAwait(false);
        }

        /// <summary>The principal's current roles in the project, or null when it is not assigned.</summary>
        public static async Task<IReadOnlyList<string>?> CurrentRolesAsync(AtlasConnection connection, string projectId, PrincipalRef principal, CancellationToken ct)
        {
            var all = await GetAsync(connection, projectId, principal, ct).ConfigureAwait(false);
            return all.Count == 0 ? null : all[0].Roles;
        }

        /// <summary>Assigns the principal with the roles; if it is already assigned, adds them to its existing roles (PATCH replaces, so read first).</summary>
        public static Task<IReadOnlyList<ProjectAccessChange>> GrantAsync(AtlasConnection connection, IEnumerable<string> projectIds, PrincipalRef principal,
            IEnumerable<string> roles, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            FanOut.ValidateThrottleLimit(throttleLimit);
            return WithKeyDetailsAsync(connection, principal, principal.Access.GrantAsync(connection, ids, r, throttleLimit, ct), ct);
        }

        /// <summary>Replaces the principal's roles in each project (it must already be assigned; Grant assigns).</summary>
        public static Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IEnumerable<string> projectIds, PrincipalRef principal,
            IEnumerable<string> roles, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            FanOut.ValidateThrottleLimit(throttleLimit);
            return WithKeyDetailsAsync(connection, principal, principal.Access.SetAsync(connection, ids, r, throttleLimit, ct), ct);
        }

        /// <summary>
        /// Removes the named roles (PATCH with the rest); with no roles, or when no role would be left, unassigns the
        /// principal from the project. A principal that is not assigned is reported as an error for that project.
        /// </summary>
        public static Task<IReadOnlyList<ProjectAccessChange>> RevokeAsync(AtlasConnection connection, IEnumerable<string> projectIds, PrincipalRef principal,
            IEnumerable<string>? roles, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            var r = AtlasInput.ProjectRoles(roles, allowEmpty: true);
            FanOut.ValidateThrottleLimit(throttleLimit);
            // A service account removed from a project stays in the organization (Remove-AtlasServiceAccount deletes it).
            return WithKeyDetailsAsync(connection, principal, principal.Access.RevokeAsync(connection, ids, r, throttleLimit, ct), ct);
        }

        internal static IReadOnlyList<string> ValidateProjects(IEnumerable<string>? projectIds)
        {
            var ids = (projectIds ?? Enumerable.Empty<string>()).Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0)
                throw new AtlasValidationException("AtlasNoProject", "Give at least one project with -ProjectId (Get-AtlasProject lists them).", "ProjectId");
            return ids;
        }

        /// <summary>
        /// An API key's Grant/Set/Revoke output carries its public key and description, as Get-AtlasProjectAccess's does
        /// (the table's Principal column shows the public key for both): one read of the key when any output lacks them.
        /// Best effort: when the key cannot be read the output keeps the id alone.
        /// </summary>
        private static async Task<IReadOnlyList<ProjectAccessChange>> WithKeyDetailsAsync(AtlasConnection connection, PrincipalRef principal,
            Task<IReadOnlyList<ProjectAccessChange>> run, CancellationToken ct)
        {
            var changes = await run.ConfigureAwait(false);
            var lacking = changes.Where(c => c.Access != null && string.IsNullOrEmpty(c.Access.PublicKey)).Select(c => c.Access!).ToList();
            if (lacking.Count == 0 || principal.Type != PrincipalType.ApiKey || string.IsNullOrEmpty(connection.OrganizationId)) return changes;
            try
            {
                var key = await ApiKeyWorkflows.GetByIdAsync(connection, null, principal.Id, ct).ConfigureAwait(false);
                foreach (var a in lacking) { a.PublicKey = key.PublicKey; a.Name ??= key.Description; }
            }
            catch (Exception ex) when (!(ex is OperationCanceledException)) { /* the id alone identifies the key */ }
            return changes;
        }
    }
}
