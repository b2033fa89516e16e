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
            if (principal is null || principal.Type == PrincipalType.ApiKey)
            {
                await foreach (var a in connection.Client.ApiKeys.ListProjectAccessAsync(pid, null, ct).ConfigureAwait(false))
                {
                    if (a.ApiKeyId != null) connection.Known.Remember(ApiKeyWorkflows.KnownKind, a.ApiKeyId, a.Name ?? a.PublicKey);
                    if (principal is null || string.Equals(a.ApiKeyId, principal.Id, StringComparison.OrdinalIgnoreCase)) list.Add(a);
                }
            }
            if (principal is null || principal.Type == PrincipalType.ServiceAccount)
            {
                // A project's listing shows both kinds of principal.
                await foreach (var a in ServiceAccountProjectAccessWorkflows.ListForProjectAsync(connection, pid, null, ct).ConfigureAwait(false))
                {
                    if (a.ClientId != null) connection.Known.Remember(ServiceAccountWorkflows.KnownKind, a.ClientId, a.Name ?? "");
                    if (principal is null || string.Equals(a.ClientId, principal.Id, StringComparison.OrdinalIgnoreCase)) list.Add(a);
                }
            }
            return list;
        }

        /// <summary>Get for many projects at once (bounded), in input order.</summary>
        public static Task<IReadOnlyList<ItemResult<string, IReadOnlyList<ProjectAccess>>>> GetManyAsync(AtlasConnection connection, IEnumerable<string> projectIds,
            PrincipalRef? principal, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            FanOut.ValidateThrottleLimit(throttleLimit);
            return FanOut.RunAsync(ids, throttleLimit, (pid, c) => GetAsync(connection, pid, principal, c), ct);
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
            if (principal.Type == PrincipalType.ServiceAccount)
                return FromServiceAccountAsync(ServiceAccountProjectAccessWorkflows.GrantAsync(connection, principal.OrganizationId, principal.Id, ids, r, throttleLimit, ct), false);
            return RunAsync(ids, throttleLimit, async (pid, c) =>
            {
                var current = await CurrentRolesAsync(connection, pid, principal, c).ConfigureAwait(false);
                if (current is null)
                {
                    await AssignAsync(connection, pid, principal, r, c).ConfigureAwait(false);
                    return Change(pid, principal, r);
                }
                var merged = current.Concat(r).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (merged.Count == current.Count) return Change(pid, principal, current); // nothing new: no request
                return Change(pid, principal, await SetRolesAsync(connection, pid, principal, merged, c).ConfigureAwait(false));
            }, ct);
        }

        /// <summary>Replaces the principal's roles in each project (it must already be assigned; Grant assigns).</summary>
        public static Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IEnumerable<string> projectIds, PrincipalRef principal,
            IEnumerable<string> roles, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            var ids = ValidateProjects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            FanOut.ValidateThrottleLimit(throttleLimit);
            if (principal.Type == PrincipalType.ServiceAccount)
                return FromServiceAccountAsync(ServiceAccountProjectAccessWorkflows.SetAsync(connection, principal.OrganizationId, principal.Id, ids, r, throttleLimit, ct), false);
            return RunAsync(ids, throttleLimit, async (pid, c) =>
                Change(pid, principal, await SetRolesAsync(connection, pid, principal, r, c).ConfigureAwait(false)), ct);
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
            if (principal.Type == PrincipalType.ServiceAccount)
                return FromServiceAccountAsync(ServiceAccountProjectAccessWorkflows.RevokeAsync(connection, principal.OrganizationId, principal.Id, ids, r, throttleLimit, ct), true);
            return RunAsync(ids, throttleLimit, async (pid, c) =>
            {
                if (r.Count == 0)
                {
                    await UnassignAsync(connection, pid, principal, c).ConfigureAwait(false);
                    return new ProjectAccessChange { ProjectId = pid, Removed = true };
                }
                var current = await CurrentRolesAsync(connection, pid, principal, c).ConfigureAwait(false);
                if (current is null)
                    throw new AtlasNotFoundException("AtlasProjectAccessNotFound",
                        $"The {principal} is not assigned to project {pid}; there is no role to revoke. Get-AtlasProjectAccess -ProjectId {pid} lists who is.", pid);
                var rest = current.Where(x => !r.Contains(x, StringComparer.OrdinalIgnoreCase)).ToList();
                if (rest.Count == current.Count) return Change(pid, principal, current);
                if (rest.Count == 0)
                {
                    // Atlas needs at least one role per assignment: revoking the last ones removes the principal.
                    await UnassignAsync(connection, pid, principal, c).ConfigureAwait(false);
                    return new ProjectAccessChange { ProjectId = pid, Removed = true };
                }
                return Change(pid, principal, await SetRolesAsync(connection, pid, principal, rest, c).ConfigureAwait(false));
            }, ct);
        }

        private static async Task AssignAsync(AtlasConnection connection, string pid, PrincipalRef p, IReadOnlyList<string> roles, CancellationToken ct)
        {
            switch (p.Type)
            {
                case PrincipalType.ApiKey: await connection.Client.ApiKeys.AssignToProjectAsync(pid, p.Id, roles, ct).ConfigureAwait(false); break;
                // Service accounts never get here: Grant/Set/Revoke hand them to ServiceAccountProjectAccessWorkflows.
                default: throw PrincipalRef.NotYet(p);
            }
        }

        private static async Task<IReadOnlyList<string>> SetRolesAsync(AtlasConnection connection, string pid, PrincipalRef p, IReadOnlyList<string> roles, CancellationToken ct)
        {
            switch (p.Type)
            {
                case PrincipalType.ApiKey:
                    var a = await connection.Client.ApiKeys.SetProjectRolesAsync(pid, p.Id, roles, ct).ConfigureAwait(false);
                    return a.Roles.Length > 0 ? a.Roles : roles.ToArray();
                // Service accounts never get here: Grant/Set/Revoke hand them to ServiceAccountProjectAccessWorkflows.
                default: throw PrincipalRef.NotYet(p);
            }
        }

        private static async Task UnassignAsync(AtlasConnection connection, string pid, PrincipalRef p, CancellationToken ct)
        {
            switch (p.Type)
            {
                case PrincipalType.ApiKey: await connection.Client.ApiKeys.UnassignFromProjectAsync(pid, p.Id, ct).ConfigureAwait(false); break;
                // Service accounts never get here: Grant/Set/Revoke hand them to ServiceAccountProjectAccessWorkflows.
                default: throw PrincipalRef.NotYet(p);
            }
        }

        private static ProjectAccessChange Change(string pid, PrincipalRef p, IEnumerable<string> roles) => new ProjectAccessChange
        {
            ProjectId = pid,
            Access = new ProjectAccess
            {
                ProjectId = pid,
                PrincipalType = p.Type,
                ApiKeyId = p.Type == PrincipalType.ApiKey ? p.Id : null,
                ClientId = p.Type == PrincipalType.ServiceAccount ? p.Id : null,
                Roles = roles.ToArray(),
            },
        };

        internal static IReadOnlyList<string> ValidateProjects(IEnumerable<string>? projectIds)
        {
            var ids = (projectIds ?? Enumerable.Empty<string>()).Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (ids.Count == 0)
                throw new AtlasValidationException("AtlasNoProject", "Give at least one project with -ProjectId (Get-AtlasProject lists them).", "ProjectId");
            return ids;
        }

        /// <summary>Service-account fan-out results as changes; with revoke, empty roles mean the account left the project.</summary>
        private static async Task<IReadOnlyList<ProjectAccessChange>> FromServiceAccountAsync(Task<IReadOnlyList<ItemResult<string, ProjectAccess>>> run, bool revoke)
        {
            var results = await run.ConfigureAwait(false);
            return results.Select(x =>
            {
                if (!x.Succeeded) return new ProjectAccessChange { ProjectId = x.Input, Error = x.Error };
                bool removed = revoke && x.Value!.Roles.Length == 0;
                return new ProjectAccessChange { ProjectId = x.Input, Removed = removed, Access = removed ? null : x.Value };
            }).ToList();
        }

        private static async Task<IReadOnlyList<ProjectAccessChange>> RunAsync(IReadOnlyList<string> ids, int throttleLimit,
            Func<string, CancellationToken, Task<ProjectAccessChange>> step, CancellationToken ct)
        {
            var results = await FanOut.RunAsync(ids, throttleLimit, step, ct).ConfigureAwait(false);
            return results.Select(r => r.Value ?? new ProjectAccessChange { ProjectId = r.Input, Error = r.Error }).ToList();
        }
    }
}
