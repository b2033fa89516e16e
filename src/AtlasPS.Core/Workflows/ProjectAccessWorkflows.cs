using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The outcome for one project of a Grant/Set/Revoke fan-out.</summary>
    public sealed class ProjectAccessChange
    {
        public string ProjectId { get; internal set; } = "";
        /// <summary>The principal's access after the change; null when it was unassigned or the change failed.</summary>
        public ProjectAccess? Access { get; internal set; }
        /// <summary>True when the principal was removed from the project.</summary>
        public bool Removed { get; internal set; }
        public Exception? Error { get; internal set; }
        public bool Succeeded => Error is null;
    }

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
            return principal.Access.GrantAsync(connection, ids, r, throttleLimit, ct);
        }

        /// <summary>Replaces the principal's roles in each project (it must already be assigned; Grant assigns).</summary>
        public static Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IEnumerable<string> projectIds, PrincipalRef principal,
            IEnumerable<string> roles, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            FanOut.ValidateThrottleLimit(throttleLimit);
            return principal.Access.SetAsync(connection, ids, r, throttleLimit, ct);
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
            return principal.Access.RevokeAsync(connection, ids, r, throttleLimit, ct);
        }

        internal static IReadOnlyList<string> ValidateProjects(IEnumerable<string>? projectIds)
        {
            var ids = (projectIds ?? Enumerable.Empty<string>()).Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0)
                throw new AtlasValidationException("AtlasNoProject", "Give at least one project with -ProjectId (Get-AtlasProject lists them).", "ProjectId");
            return ids;
        }
    }
}
