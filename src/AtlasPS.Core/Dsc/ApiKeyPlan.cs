using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Dsc
{
    /// <summary>
    /// The AtlasApiKey plan: the changes that bring Atlas to the desired state, and the reasons (one per difference).
    /// Empty plan = compliant (Test is true exactly then). Set applies only this plan.
    /// </summary>
    public sealed class ApiKeyPlan
    {
        public const string Resource = "AtlasApiKey";

        public DscAction Action { get; internal set; }
        public ApiKeyDesiredState Desired { get; internal set; } = new ApiKeyDesiredState();
        public ApiKeyActualState Actual { get; internal set; } = new ApiKeyActualState();
        /// <summary>New exact organization roles, or null when they match or are not managed.</summary>
        public IReadOnlyList<string>? SetRoles { get; internal set; }
        public IReadOnlyList<string> AccessListToAdd { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> AccessListToRemove { get; internal set; } = Array.Empty<string>();
        public ProjectChanges Projects { get; internal set; } = new ProjectChanges();
        /// <summary>Resolved desired projects (id → roles), null when ProjectRoles is not managed.</summary>
        public IReadOnlyDictionary<string, string[]>? DesiredProjects { get; internal set; }
        public List<PlanReason> Reasons { get; } = new List<PlanReason>();
        public bool IsEmpty => Action == DscAction.None;

        /// <summary>Checks the desired state before any request.</summary>
        public static void Validate(ApiKeyDesiredState d)
        {
            if (d is null) throw new ArgumentNullException(nameof(d));
            d.Description = AtlasInput.Description(d.Description);
            DscDiff.ValidateShared(d, Resource);
        }

        /// <summary>
        /// Reads the actual state: one listing of the organization's keys (their project roles come with them), the key's
        /// access list when managed, the organization's projects when a ProjectName is used. At most 3 requests when
        /// the keys fit on one page.
        /// </summary>
        public static async Task<ApiKeyActualState> ReadAsync(AtlasConnection connection, ApiKeyDesiredState d, CancellationToken ct = default)
        {
            Validate(d);
            var actual = new ApiKeyActualState { OrganizationId = connection.RequireOrganizationId(d.OrganizationId), Description = d.Description! };
            var matches = new List<ApiKey>();
            await foreach (var k in ApiKeyWorkflows.ListAsync(connection, actual.OrganizationId, null, null, null, ct).ConfigureAwait(false))
                if (string.Equals(k.Description, actual.Description, StringComparison.Ordinal)) matches.Add(k);
            actual.MatchingIds = matches.Select(k => k.Id).ToList();
            if (matches.Count == 1) actual.Key = matches[0];
            if (actual.Key != null && d.Ensure == DscEnsure.Present)
            {
                var tasks = new List<Task>();
                if (DscDiff.ManagesAccessList(d))
                    tasks.Add(Task.Run(async () =>
                    {
                        var list = new List<AccessListEntry>();
                        await foreach (var e in AccessListEntryWorkflows.ListAsync(connection, actual.OrganizationId, PrincipalRef.ApiKey(actual.Key.Id), null, ct).ConfigureAwait(false)) list.Add(e);
                        actual.AccessList = list;
                    }, ct));
                if (DscDiff.UsesProjectNames(d))
                    tasks.Add(Task.Run(async () => actual.ProjectIdsByName = await DscProjects.ByNameAsync(connection, actual.OrganizationId, ct).ConfigureAwait(false), ct));
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            else if (actual.Key is null && matches.Count == 0 && d.Ensure == DscEnsure.Present && DscDiff.UsesProjectNames(d))
                actual.ProjectIdsByName = await DscProjects.ByNameAsync(connection, actual.OrganizationId, ct).ConfigureAwait(false);
            return actual;
        }

        /// <summary>Compares desired and actual state (no request).</summary>
        public static ApiKeyPlan Compute(ApiKeyDesiredState d, ApiKeyActualState actual)
        {
            Validate(d);
            var plan = new ApiKeyPlan { Desired = d, Actual = actual };
            string r = Resource;
            if (actual.Ambiguous)
            {
                plan.Action = DscAction.Refuse;
                plan.Reasons.Add(new PlanReason(r + ":Description:Ambiguous",
                    $"{actual.MatchingIds.Count} API keys have the description '{actual.Description}' ({string.Join(", ", actual.MatchingIds)}); give each key its own description or remove the extra ones."));
                return plan;
            }
            if (d.Ensure == DscEnsure.Absent)
            {
                if (actual.Exists)
                {
                    plan.Action = DscAction.Delete;
                    plan.Reasons.Add(new PlanReason(r + ":Ensure:Present", $"API key '{actual.Description}' ({actual.Key!.Id}) exists but should be absent."));
                }
                return plan;
            }
            if (d.ProjectRoles != null) plan.DesiredProjects = DscDiff.ResolveProjects(d.ProjectRoles, actual.ProjectIdsByName);
            if (!actual.Exists)
            {
                plan.Action = DscAction.Create;
                plan.Reasons.Add(new PlanReason(r + ":Ensure:Absent", $"API key '{actual.Description}' does not exist in organization {actual.OrganizationId}."));
                plan.AccessListToAdd = (d.AccessList != null ? DscDiff.Canonical(d.AccessList, "AccessList") : DscDiff.Canonical(d.AccessListToInclude, "AccessListToInclude")).Values.ToList();
                if (plan.DesiredProjects != null) foreach (var p in plan.DesiredProjects) plan.Projects.Assign[p.Key] = p.Value;
                return plan;
            }
            var key = actual.Key!;
            if (d.Roles != null)
            {
                var (missing, extra) = DscDiff.Roles(AtlasInput.OrgRoles(d.Roles, "Roles"), key.Roles);
                foreach (var m in missing) plan.Reasons.Add(new PlanReason(r + ":Roles:Missing", $"The key does not have organization role {m}."));
                foreach (var x in extra) plan.Reasons.Add(new PlanReason(r + ":Roles:Extra", $"The key has organization role {x}, which is not in Roles."));
                if (missing.Count > 0 || extra.Count > 0) plan.SetRoles = AtlasInput.OrgRoles(d.Roles, "Roles");
            }
            if (DscDiff.ManagesAccessList(d))
            {
                var (add, remove) = DscDiff.AccessList(d, actual.AccessList ?? throw new InvalidOperationException("The access list was not read."));
                plan.AccessListToAdd = add; plan.AccessListToRemove = remove;
            }
            if (plan.DesiredProjects != null) plan.Projects = DscDiff.Projects(plan.DesiredProjects, key.ProjectRoles);
            DscDiff.AddReasons(plan.Reasons, r, plan.AccessListToAdd, plan.AccessListToRemove, plan.Projects);
            plan.Action = plan.Reasons.Count > 0 ? DscAction.Update : DscAction.None;
            return plan;
        }

        public static async Task<ApiKeyPlan> PlanAsync(AtlasConnection connection, ApiKeyDesiredState d, CancellationToken ct = default) =>
            Compute(d, await ReadAsync(connection, d, ct).ConfigureAwait(false));

        /// <summary>
        /// Set: applies only the plan. A key that must be created needs VaultName and SecretName (checked before any write):
        /// it is created through the same workflow and hand-off as New-AtlasApiKey -Vault, so a private key that cannot be
        /// stored makes the key be deleted again. Returns the plan that was applied.
        /// </summary>
        public static async Task<ApiKeyPlan> ApplyAsync(AtlasConnection connection, ApiKeyPlan plan, ISecretVault? vault, Action<string>? warn, CancellationToken ct = default)
        {
            var d = plan.Desired;
            var org = plan.Actual.OrganizationId;
            switch (plan.Action)
            {
                case DscAction.None: return plan;
                case DscAction.Refuse:
                    throw new AtlasValidationException("AtlasDscAmbiguousApiKey",
                        $"AtlasApiKey: {plan.Actual.MatchingIds.Count} API keys in organization {org} have the description '{plan.Actual.Description}' ({string.Join(", ", plan.Actual.MatchingIds)}). Set changes nothing: give each key its own description (Set-AtlasApiKey -ApiKeyId <id> -Description <new>) or remove the extra ones, then run the configuration again.",
                        "Description", plan.Actual.Description);
                case DscAction.Delete:
                    await ApiKeyWorkflows.RemoveAsync(connection, org, plan.Actual.Key!.Id, ct).ConfigureAwait(false);
                    return plan;
                case DscAction.Create:
                    await CreateAsync(connection, plan, vault, warn, ct).ConfigureAwait(false);
                    return plan;
            }
            var id = plan.Actual.Key!.Id;
            if (plan.SetRoles != null) await ApiKeyWorkflows.UpdateAsync(connection, org, id, null, plan.SetRoles, ct).ConfigureAwait(false);
            await DscApply.AccessListAsync(connection, org, PrincipalRef.ApiKey(id), plan.AccessListToAdd, plan.AccessListToRemove, ct).ConfigureAwait(false);
            await DscApply.ProjectsAsync(connection, PrincipalRef.ApiKey(id), plan.Projects, ct).ConfigureAwait(false);
            return plan;
        }

        private static async Task CreateAsync(AtlasConnection connection, ApiKeyPlan plan, ISecretVault? vault, Action<string>? warn, CancellationToken ct)
        {
            var d = plan.Desired;
            if (string.IsNullOrWhiteSpace(d.VaultName) || string.IsNullOrWhiteSpace(d.SecretName))
                throw new AtlasValidationException("AtlasDscVaultRequired",
                    $"AtlasApiKey: API key '{plan.Actual.Description}' does not exist and Set would create it, but VaultName and SecretName are not given: the new private key would have nowhere to go. Nothing was created. Give VaultName and SecretName (a registered SecretManagement vault).", "VaultName");
            if (d.Roles is null)
                throw new AtlasValidationException("AtlasDscRolesRequired",
                    $"AtlasApiKey: API key '{plan.Actual.Description}' does not exist and Set would create it, but Roles is not given. Nothing was created. Give the key's organization roles.", "Roles");
            if (vault is null) throw new ArgumentNullException(nameof(vault));
            // Projects sharing the most common role set go into the create workflow (rolled back with the key); others follow.
            var groups = plan.Projects.Assign.GroupBy(p => string.Join(",", p.Value.OrderBy(x => x, StringComparer.Ordinal)))
                .OrderByDescending(g => g.Count()).ToList();
            var first = groups.FirstOrDefault();
            var request = new NewApiKeyRequest
            {
                OrganizationId = plan.Actual.OrganizationId, Description = plan.Actual.Description, Roles = d.Roles,
                AccessList = plan.AccessListToAdd,
                ProjectIds = first?.Select(p => p.Key).ToList(), ProjectRoles = first?.First().Value,
            };
            var handoff = new CredentialHandoff(vault, d.VaultName!, d.SecretName!, force: false, warn);
            var key = await ApiKeyWorkflows.CreateAsync(connection, request, handoff, ct).ConfigureAwait(false);
            key.PrivateKey?.Dispose();
            key.PrivateKey = null;
            var rest = new ProjectChanges();
            foreach (var g in groups.Skip(1)) foreach (var p in g) rest.Assign[p.Key] = p.Value;
            await DscApply.ProjectsAsync(connection, PrincipalRef.ApiKey(key.Id), rest, ct).ConfigureAwait(false);
        }
    }

    internal static class DscApply
    {
        public static async Task AccessListAsync(AtlasConnection connection, string org, PrincipalRef principal, IReadOnlyList<string> add, IReadOnlyList<string> remove, CancellationToken ct)
        {
            if (add.Count > 0) await AccessListEntryWorkflows.AddAsync(connection, org, principal, add, ct).ConfigureAwait(false);
            if (remove.Count > 0)
            {
                var results = await AccessListEntryWorkflows.RemoveAsync(connection, org, principal, remove, FanOut.DefaultThrottleLimit, ct).ConfigureAwait(false);
                Throw(results.Where(r => !r.Succeeded).Select(r => ("access-list entry " + r.Input, r.Error!)).ToList(), principal);
            }
        }

        public static async Task ProjectsAsync(AtlasConnection connection, PrincipalRef principal, ProjectChanges changes, CancellationToken ct)
        {
            var failures = new List<(string What, Exception Error)>();
            foreach (var g in changes.Assign.GroupBy(p => string.Join(",", p.Value)))
                Collect(failures, await ProjectAccessWorkflows.GrantAsync(connection, g.Select(p => p.Key), principal, g.First().Value, FanOut.DefaultThrottleLimit, ct).ConfigureAwait(false));
            foreach (var g in changes.SetRoles.GroupBy(p => string.Join(",", p.Value.Desired)))
                Collect(failures, await ProjectAccessWorkflows.SetAsync(connection, g.Select(p => p.Key), principal, g.First().Value.Desired, FanOut.DefaultThrottleLimit, ct).ConfigureAwait(false));
            if (changes.Remove.Count > 0)
                Collect(failures, await ProjectAccessWorkflows.RevokeAsync(connection, changes.Remove, principal, null, FanOut.DefaultThrottleLimit, ct).ConfigureAwait(false));
            Throw(failures, principal);
        }

        private static void Collect(List<(string, Exception)> failures, IReadOnlyList<ProjectAccessChange> results)
        {
            foreach (var r in results) if (!r.Succeeded) failures.Add(("project " + r.ProjectId, r.Error!));
        }

        private static void Throw(List<(string What, Exception Error)> failures, PrincipalRef principal)
        {
            if (failures.Count == 0) return;
            throw new AtlasWorkflowException("AtlasDscSetIncomplete",
                $"Set could not finish for {principal}: " + string.Join(" ", failures.Select(f => $"{f.What}: {f.Error.Message.TrimEnd('.')}.")) +
                " The other changes were made; run the configuration again after fixing the cause.", failures[0].Error);
        }
    }
}
