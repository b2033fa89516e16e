using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// A service account's access to projects. Grant invites it (or adds roles when it is already there), Set replaces its
    /// roles, Revoke removes named roles, and Revoke without roles removes it from the project. Removing from a project never
    /// deletes the account: it stays in the organization and its secrets stay valid (Remove-AtlasServiceAccount deletes it).
    /// Many projects run at most ThrottleLimit at once; results come back in input order with per-project failures.
    /// </summary>
    public static class ServiceAccountProjectAccessWorkflows
    {
        private static ProjectAccess Access(string projectId, string clientId, string? name, IEnumerable<string> roles) => new ProjectAccess
        {
            ProjectId = projectId, PrincipalType = PrincipalType.ServiceAccount, ClientId = clientId, Name = name,
            Roles = roles.Distinct(StringComparer.Ordinal).ToArray(),
        };

        /// <summary>Every project the account is in, with its project roles (getOrgServiceAccountGroups).</summary>
        public static async IAsyncEnumerable<ProjectAccess> ListAsync(AtlasConnection connection, string? orgId, string clientId,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            await foreach (var a in connection.Client.ServiceAccounts.ListProjectsAsync(org, id, paging, ct).ConfigureAwait(false))
                yield return a;
        }

        /// <summary>Every service account in one project, with its roles there (listGroupServiceAccounts).</summary>
        public static async IAsyncEnumerable<ProjectAccess> ListForProjectAsync(AtlasConnection connection, string? projectId,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string project = connection.RequireProjectId(projectId);
            await foreach (var sa in connection.Client.ServiceAccounts.ListInProjectAsync(connection.OrganizationId ?? "", project, paging, ct).ConfigureAwait(false))
                yield return Access(project, sa.ClientId, sa.Name, sa.Roles);
        }

        private static IReadOnlyList<string> Projects(IEnumerable<string> projectIds)
        {
            var list = (projectIds ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (list.Count == 0) throw new AtlasValidationException("AtlasNoProject", "Give at least one project with -ProjectId (Get-AtlasProject lists them).", "ProjectId");
            return list;
        }

        private static async Task<Dictionary<string, string[]>> CurrentAsync(AtlasConnection connection, string org, string clientId, CancellationToken ct)
        {
            var d = new Dictionary<string, string[]>(StringComparer.Ordinal);
            await foreach (var a in connection.Client.ServiceAccounts.ListProjectsAsync(org, clientId, null, ct).ConfigureAwait(false))
                d[a.ProjectId] = a.Roles;
            return d;
        }

        /// <summary>
        /// Gives the account the roles in each project: :invite when it is not in the project yet, else a PATCH with the
        /// union of its current and the new roles (roles it already has are kept).
        /// </summary>
        public static async Task<IReadOnlyList<ItemResult<string, ProjectAccess>>> GrantAsync(AtlasConnection connection, string? orgId, string clientId,
            IEnumerable<string> projectIds, IEnumerable<string> roles, int throttleLimit = ServiceAccountWorkflows.DefaultThrottleLimit, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            var projects = Projects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            ServiceAccountWorkflows.ValidateThrottleLimit(throttleLimit);
            var current = await CurrentAsync(connection, org, id, ct).ConfigureAwait(false);
            var sas = connection.Client.ServiceAccounts;
            using var budget = CommandBudget.For(connection);
            return await FanOut.RunAsync(projects, throttleLimit, async (p, c) =>
            {
                if (current.TryGetValue(p, out var have))
                {
                    var union = have.Concat(r).Distinct(StringComparer.Ordinal).ToList();
                    if (union.Count == have.Length) return Access(p, id, null, have);
                    var patched = await sas.SetProjectRolesAsync(org, p, id, union, c).ConfigureAwait(false);
                    return Access(p, id, patched.Name, patched.Roles);
                }
                var invited = await sas.InviteToProjectAsync(org, p, id, r, c).ConfigureAwait(false);
                return Access(p, id, invited.Name, invited.Roles);
            }, budget, ct).ConfigureAwait(false);
        }

        /// <summary>Replaces the account's roles in each project (it must already be in the project).</summary>
        public static async Task<IReadOnlyList<ItemResult<string, ProjectAccess>>> SetAsync(AtlasConnection connection, string? orgId, string clientId,
            IEnumerable<string> projectIds, IEnumerable<string> roles, int throttleLimit = ServiceAccountWorkflows.DefaultThrottleLimit, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            var projects = Projects(projectIds);
            var r = AtlasInput.ProjectRoles(roles);
            ServiceAccountWorkflows.ValidateThrottleLimit(throttleLimit);
            var sas = connection.Client.ServiceAccounts;
            using var budget = CommandBudget.For(connection);
            return await FanOut.RunAsync(projects, throttleLimit, async (p, c) =>
            {
                var patched = await sas.SetProjectRolesAsync(org, p, id, r, c).ConfigureAwait(false);
                return Access(p, id, patched.Name, patched.Roles);
            }, budget, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// With roles: removes those roles (PATCH with the remaining ones); when none would remain, removes the account from
        /// the project. Without roles: removes the account from the project (DELETE /groups/{g}/serviceAccounts/{c}).
        /// Either way the account stays in the organization. A removed assignment comes back with empty Roles.
        /// </summary>
        public static async Task<IReadOnlyList<ItemResult<string, ProjectAccess>>> RevokeAsync(AtlasConnection connection, string? orgId, string clientId,
            IEnumerable<string> projectIds, IEnumerable<string>? roles, int throttleLimit = ServiceAccountWorkflows.DefaultThrottleLimit, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            var projects = Projects(projectIds);
            var r = AtlasInput.ProjectRoles(roles, allowEmpty: true);
            ServiceAccountWorkflows.ValidateThrottleLimit(throttleLimit);
            var sas = connection.Client.ServiceAccounts;
            var current = r.Count == 0 ? null : await CurrentAsync(connection, org, id, ct).ConfigureAwait(false);
            using var budget = CommandBudget.For(connection);
            return await FanOut.RunAsync(projects, throttleLimit, async (p, c) =>
            {
                if (current != null)
                {
                    if (!current.TryGetValue(p, out var have))
                        throw new AtlasValidationException("AtlasServiceAccountNotInProject",
                            $"Service account {id} is not in project {p}, so it has no roles there to revoke. Get-AtlasProjectAccess -ClientId {id} lists its projects.", "ProjectId", p);
                    var remaining = have.Where(x => !r.Contains(x, StringComparer.Ordinal)).ToList();
                    if (remaining.Count == have.Length) return Access(p, id, null, have);
                    if (remaining.Count > 0)
                    {
                        var patched = await sas.SetProjectRolesAsync(org, p, id, remaining, c).ConfigureAwait(false);
                        return Access(p, id, patched.Name, patched.Roles);
                    }
                }
                await sas.RemoveFromProjectAsync(p, id, c).ConfigureAwait(false);
                return Access(p, id, null, Array.Empty<string>());
            }, budget, ct).ConfigureAwait(false);
        }
    }
}
