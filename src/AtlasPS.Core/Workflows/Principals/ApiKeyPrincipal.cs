using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>An organization API key as a principal: access list per key, project access per project (read the project's keys first).</summary>
    public sealed class ApiKeyPrincipal : IPrincipalAccess
    {
        internal ApiKeyPrincipal(string apiKeyId) { Id = apiKeyId; }

        public PrincipalType Type => PrincipalType.ApiKey;
        public string Id { get; }
        public int AccessListEntriesPerRequest => ApiKeyWorkflows.AccessListEntriesPerRequest;
        public override string ToString() => "API key " + Id;

        public IAsyncEnumerable<AccessListEntry> ListAccessListAsync(AtlasConnection connection, string orgId, PageRequest? paging, CancellationToken ct) =>
            connection.Client.ApiKeys.ListAccessListAsync(orgId, Id, paging, ct);

        public Task<IReadOnlyList<AccessListEntry>> PostAccessListAsync(AtlasClient client, string orgId, IReadOnlyList<AccessListSpec> chunk, CancellationToken ct) =>
            client.ApiKeys.AddAccessListAsync(orgId, Id, chunk, ct);

        /// <summary>
        /// All chunks, then the entries asked for out of Atlas's answer (a page of the whole list). A lost answer is
        /// checked by reading the list back, never reported as done on a guess.
        /// </summary>
        public async Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(AtlasConnection connection, string orgId, IReadOnlyList<AccessListSpec> specs, CancellationToken ct)
        {
            var wanted = new HashSet<string>(specs.Select(s => s.CidrBlock ?? AtlasInput.CidrOf(s.IpAddress!)), StringComparer.OrdinalIgnoreCase);
            var stored = new List<AccessListEntry>();
            try
            {
                foreach (var chunk in AccessListEntryWorkflows.Chunk(specs, AccessListEntriesPerRequest))
                    stored.AddRange(await PostAccessListAsync(connection.Client, orgId, chunk, ct).ConfigureAwait(false));
            }
            catch (Exception ex) when (OutcomeCheck.IsOutcomeUnknown(ex) && !ct.IsCancellationRequested)
            {
                // The answer was lost: check what Atlas now has instead of guessing (never report a partial list as done).
                stored.Clear();
                try
                {
                    await foreach (var e in ListAccessListAsync(connection, orgId, null, ct).ConfigureAwait(false)) stored.Add(e);
                }
                catch (Exception checkError)
                {
                    throw new AtlasWorkflowException("AtlasAccessListOutcomeUnknown",
                        $"The connection to Atlas failed after the access-list entries for {this} were sent, and reading the list back failed too ({checkError.Message.TrimEnd('.')}). Check it with Get-AtlasAccessListEntry and add what is missing.", ex);
                }
                var have = new HashSet<string>(stored.Select(e => e.CidrBlock), StringComparer.OrdinalIgnoreCase);
                var missing = specs.Where(s => !have.Contains(s.CidrBlock ?? AtlasInput.CidrOf(s.IpAddress!))).Select(s => s.Entry).ToList();
                if (missing.Count > 0)
                    throw new AtlasWorkflowException("AtlasAccessListNotApplied",
                        $"The connection to Atlas failed after the access-list entries for {this} were sent. AtlasPS checked: {specs.Count - missing.Count} of {specs.Count} entries are on the list; missing: {string.Join(", ", missing)}. Add the missing entries again.", ex);
            }
            // The POST answers with (a page of) the whole list: return the entries that were asked for.
            var mine = stored.Where(e => wanted.Contains(e.CidrBlock) || (e.IpAddress != null && wanted.Contains(AtlasInput.CidrOf(e.IpAddress))))
                .GroupBy(e => e.CidrBlock, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            return mine.Count > 0 ? mine : stored;
        }

        public Task RemoveAccessListEntryAsync(AtlasConnection connection, string orgId, string entry, CancellationToken ct) =>
            connection.Client.ApiKeys.RemoveAccessListEntryAsync(orgId, Id, entry, ct);

        public Task AssignToProjectAsync(AtlasClient client, string orgId, string projectId, IReadOnlyList<string> roles, CancellationToken ct) =>
            client.ApiKeys.AssignToProjectAsync(projectId, Id, roles, ct);

        /// <summary>Every API key in the project with its roles there (remembered for completion).</summary>
        internal static async IAsyncEnumerable<ProjectAccess> ListInProjectAsync(AtlasConnection connection, string projectId,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var a in connection.Client.ApiKeys.ListProjectAccessAsync(projectId, null, ct).ConfigureAwait(false))
            {
                if (a.ApiKeyId != null) connection.Known.Remember(ApiKeyWorkflows.KnownKind, a.ApiKeyId, a.Name ?? a.PublicKey);
                yield return a;
            }
        }

        public async Task<ProjectAccess?> FindInProjectAsync(AtlasConnection connection, string projectId, CancellationToken ct)
        {
            ProjectAccess? found = null;
            await foreach (var a in ListInProjectAsync(connection, projectId, ct).ConfigureAwait(false))
                if (found is null && string.Equals(a.ApiKeyId, Id, StringComparison.OrdinalIgnoreCase)) found = a;
            return found;
        }

        /// <summary>The key's current roles in the project, or null when it is not assigned.</summary>
        private async Task<IReadOnlyList<string>?> CurrentRolesAsync(AtlasConnection connection, string projectId, CancellationToken ct) =>
            (await FindInProjectAsync(connection, projectId, ct).ConfigureAwait(false))?.Roles;

        public Task<IReadOnlyList<ProjectAccessChange>> GrantAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            RunAsync(connection, projectIds, throttleLimit, async (pid, c) =>
            {
                var current = await CurrentRolesAsync(connection, pid, c).ConfigureAwait(false);
                if (current is null)
                {
                    await AssignToProjectAsync(connection.Client, "", pid, roles, c).ConfigureAwait(false);
                    return Change(pid, roles);
                }
                var merged = current.Concat(roles).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (merged.Count == current.Count) return Change(pid, current); // nothing new: no request
                return Change(pid, await SetRolesAsync(connection, pid, merged, c).ConfigureAwait(false));
            }, ct);

        public Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            RunAsync(connection, projectIds, throttleLimit, async (pid, c) => Change(pid, await SetRolesAsync(connection, pid, roles, c).ConfigureAwait(false)), ct);

        public Task<IReadOnlyList<ProjectAccessChange>> RevokeAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct) =>
            RunAsync(connection, projectIds, throttleLimit, async (pid, c) =>
            {
                if (roles.Count == 0)
                {
                    await connection.Client.ApiKeys.UnassignFromProjectAsync(pid, Id, c).ConfigureAwait(false);
                    return new ProjectAccessChange { ProjectId = pid, Removed = true };
                }
                var current = await CurrentRolesAsync(connection, pid, c).ConfigureAwait(false);
                if (current is null)
                    throw new AtlasNotFoundException("AtlasProjectAccessNotFound",
                        $"The {this} is not assigned to project {pid}; there is no role to revoke. Get-AtlasProjectAccess -ProjectId {pid} lists who is.", pid);
                var rest = current.Where(x => !roles.Contains(x, StringComparer.OrdinalIgnoreCase)).ToList();
                if (rest.Count == current.Count) return Change(pid, current);
                if (rest.Count == 0)
                {
                    // Atlas needs at least one role per assignment: revoking the last ones removes the key.
                    await connection.Client.ApiKeys.UnassignFromProjectAsync(pid, Id, c).ConfigureAwait(false);
                    return new ProjectAccessChange { ProjectId = pid, Removed = true };
                }
                return Change(pid, await SetRolesAsync(connection, pid, rest, c).ConfigureAwait(false));
            }, ct);

        private async Task<IReadOnlyList<string>> SetRolesAsync(AtlasConnection connection, string pid, IReadOnlyList<string> roles, CancellationToken ct)
        {
            var a = await connection.Client.ApiKeys.SetProjectRolesAsync(pid, Id, roles, ct).ConfigureAwait(false);
            return a.Roles.Length > 0 ? a.Roles : roles.ToArray();
        }

        private ProjectAccessChange Change(string pid, IEnumerable<string> roles) => new ProjectAccessChange
        {
            ProjectId = pid,
            Access = new ProjectAccess { ProjectId = pid, PrincipalType = PrincipalType.ApiKey, ApiKeyId = Id, Roles = roles.ToArray() },
        };

        private static async Task<IReadOnlyList<ProjectAccessChange>> RunAsync(AtlasConnection connection, IReadOnlyList<string> ids, int throttleLimit,
            Func<string, CancellationToken, Task<ProjectAccessChange>> step, CancellationToken ct)
        {
            using var budget = CommandBudget.For(connection);
            var results = await FanOut.RunAsync(ids, throttleLimit, step, budget, ct).ConfigureAwait(false);
            return results.Select(r => r.Value ?? new ProjectAccessChange { ProjectId = r.Input, Error = r.Error }).ToList();
        }
    }
}
