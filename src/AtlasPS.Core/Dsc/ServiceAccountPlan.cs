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
    /// <summary>The AtlasServiceAccount plan (see <see cref="ApiKeyPlan"/>), plus description and secret rotation.</summary>
    public sealed class ServiceAccountPlan
    {
        public const string Resource = "AtlasServiceAccount";
        public const int DefaultSecretExpiresAfterHours = 720;

        public DscAction Action { get; internal set; }
        public ServiceAccountDesiredState Desired { get; internal set; } = new ServiceAccountDesiredState();
        public ServiceAccountActualState Actual { get; internal set; } = new ServiceAccountActualState();
        public string? SetDescription { get; internal set; }
        public IReadOnlyList<string>? SetRoles { get; internal set; }
        public bool RotateSecret { get; internal set; }
        public IReadOnlyList<string> AccessListToAdd { get; internal set; } = Array.Empty<string>();
        public IReadOnlyList<string> AccessListToRemove { get; internal set; } = Array.Empty<string>();
        public ProjectChanges Projects { get; internal set; } = new ProjectChanges();
        public IReadOnlyDictionary<string, string[]>? DesiredProjects { get; internal set; }
        public List<PlanReason> Reasons { get; } = new List<PlanReason>();
        public bool IsEmpty => Action == DscAction.None;

        public static void Validate(ServiceAccountDesiredState d)
        {
            if (d is null) throw new ArgumentNullException(nameof(d));
            d.Name = AtlasInput.ServiceAccountName(d.Name);
            if (d.Description != null) d.Description = AtlasInput.ServiceAccountDescription(d.Description);
            if (d.SecretExpiresAfterHours != 0) AtlasInput.SecretLifetimeHours(d.SecretExpiresAfterHours);
            if (d.RotateWhenExpiringWithinDays != 0) ServiceAccountSecretWorkflows.ValidateExpiringWithinDays(d.RotateWhenExpiringWithinDays);
            DscDiff.ValidateShared(d, Resource);
            if (d.RotateWhenExpiringWithinDays > 0 && string.IsNullOrWhiteSpace(d.VaultName))
                throw new AtlasValidationException("AtlasDscVaultRequired",
                    "AtlasServiceAccount: RotateWhenExpiringWithinDays needs VaultName and SecretName: a new secret goes there (the old one keeps working until it expires).", "VaultName");
        }

        /// <summary>One listing of the organization's accounts; the account's access list and projects only when managed.</summary>
        public static async Task<ServiceAccountActualState> ReadAsync(AtlasConnection connection, ServiceAccountDesiredState d, CancellationToken ct = default)
        {
            Validate(d);
            var actual = new ServiceAccountActualState { OrganizationId = connection.RequireOrganizationId(d.OrganizationId), Name = d.Name! };
            var matches = new List<ServiceAccount>();
            await foreach (var sa in ServiceAccountWorkflows.ListAsync(connection, actual.OrganizationId, null, ct).ConfigureAwait(false))
                if (string.Equals(sa.Name, actual.Name, StringComparison.Ordinal)) matches.Add(sa);
            actual.MatchingIds = matches.Select(a => a.ClientId).ToList();
            if (matches.Count == 1) actual.Account = matches[0];
            bool present = d.Ensure == DscEnsure.Present;
            var tasks = new List<Task>();
            if (actual.Account != null && present)
            {
                string id = actual.Account.ClientId;
                if (DscDiff.ManagesAccessList(d))
                    tasks.Add(Task.Run(async () =>
                    {
                        var list = new List<AccessListEntry>();
                        await foreach (var e in AccessListEntryWorkflows.ListAsync(connection, actual.OrganizationId, PrincipalRef.ServiceAccount(id, actual.OrganizationId), null, ct).ConfigureAwait(false)) list.Add(e);
                        actual.AccessList = list;
                    }, ct));
                if (d.ProjectRoles != null)
                    tasks.Add(Task.Run(async () =>
                    {
                        var list = new List<ProjectRoleAssignment>();
                        await foreach (var a in ServiceAccountProjectAccessWorkflows.ListAsync(connection, actual.OrganizationId, id, null, ct).ConfigureAwait(false))
                            list.Add(new ProjectRoleAssignment { ProjectId = a.ProjectId, Roles = a.Roles });
                        actual.ProjectRoles = list;
                    }, ct));
            }
            if (present && matches.Count <= 1 && DscDiff.UsesProjectNames(d))
                tasks.Add(Task.Run(async () => actual.ProjectIdsByName = await DscProjects.ByNameAsync(connection, actual.OrganizationId, ct).ConfigureAwait(false), ct));
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return actual;
        }

        /// <summary>Compares desired and actual state; <paramref name="now"/> decides whether the newest secret expires soon.</summary>
        public static ServiceAccountPlan Compute(ServiceAccountDesiredState d, ServiceAccountActualState actual, DateTimeOffset now)
        {
            Validate(d);
            var plan = new ServiceAccountPlan { Desired = d, Actual = actual };
            string r = Resource;
            if (actual.Ambiguous)
            {
                plan.Action = DscAction.Refuse;
                plan.Reasons.Add(new PlanReason(r + ":Name:Ambiguous",
                    $"{actual.MatchingIds.Count} service accounts are named '{actual.Name}' ({string.Join(", ", actual.MatchingIds)}); rename or remove the extra ones."));
                return plan;
            }
            if (d.Ensure == DscEnsure.Absent)
            {
                if (actual.Exists)
                {
                    plan.Action = DscAction.Delete;
                    plan.Reasons.Add(new PlanReason(r + ":Ensure:Present", $"Service account '{actual.Name}' ({actual.Account!.ClientId}) exists but should be absent."));
                }
                return plan;
            }
            if (d.ProjectRoles != null) plan.DesiredProjects = DscDiff.ResolveProjects(d.ProjectRoles, actual.ProjectIdsByName);
            if (!actual.Exists)
            {
                plan.Action = DscAction.Create;
                plan.Reasons.Add(new PlanReason(r + ":Ensure:Absent", $"Service account '{actual.Name}' does not exist in organization {actual.OrganizationId}."));
                plan.AccessListToAdd = (d.AccessList != null ? DscDiff.Canonical(d.AccessList, "AccessList") : DscDiff.Canonical(d.AccessListToInclude, "AccessListToInclude")).Values.ToList();
                if (plan.DesiredProjects != null) foreach (var p in plan.DesiredProjects) plan.Projects.Assign[p.Key] = p.Value;
                return plan;
            }
            var sa = actual.Account!;
            if (d.Description != null && !string.Equals(d.Description, sa.Description, StringComparison.Ordinal))
            {
                plan.SetDescription = d.Description;
                plan.Reasons.Add(new PlanReason(r + ":Description", $"The description is '{sa.Description}'; wanted '{d.Description}'."));
            }
            if (d.Roles != null)
            {
                var (missing, extra) = DscDiff.Roles(AtlasInput.OrgRoles(d.Roles, "Roles"), sa.Roles);
                foreach (var m in missing) plan.Reasons.Add(new PlanReason(r + ":Roles:Missing", $"The account does not have organization role {m}."));
                foreach (var x in extra) plan.Reasons.Add(new PlanReason(r + ":Roles:Extra", $"The account has organization role {x}, which is not in Roles."));
                if (missing.Count > 0 || extra.Count > 0) plan.SetRoles = AtlasInput.OrgRoles(d.Roles, "Roles");
            }
            if (DscDiff.ManagesAccessList(d))
            {
                var (add, remove) = DscDiff.AccessList(d, actual.AccessList ?? throw new InvalidOperationException("The access list was not read."));
                plan.AccessListToAdd = add; plan.AccessListToRemove = remove;
            }
            if (plan.DesiredProjects != null)
                plan.Projects = DscDiff.Projects(plan.DesiredProjects, actual.ProjectRoles ?? throw new InvalidOperationException("The project roles were not read."));
            DscDiff.AddReasons(plan.Reasons, r, plan.AccessListToAdd, plan.AccessListToRemove, plan.Projects);
            if (d.RotateWhenExpiringWithinDays > 0)
            {
                var newest = actual.NewestSecretExpiresAt;
                if (newest is null || newest.Value <= now.AddDays(d.RotateWhenExpiringWithinDays))
                {
                    plan.RotateSecret = true;
                    plan.Reasons.Add(new PlanReason(r + ":Secret:Expiring", newest is null
                        ? "The account has no secret."
                        : $"The newest secret expires {newest.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC, within {d.RotateWhenExpiringWithinDays} days."));
                }
            }
            plan.Action = plan.Reasons.Count > 0 ? DscAction.Update : DscAction.None;
            return plan;
        }

        public static async Task<ServiceAccountPlan> PlanAsync(AtlasConnection connection, ServiceAccountDesiredState d, DateTimeOffset now, CancellationToken ct = default) =>
            Compute(d, await ReadAsync(connection, d, ct).ConfigureAwait(false), now);

        /// <summary>Set: applies only the plan (create with hand-off and rollback, update, rotate, delete).</summary>
        public static async Task<ServiceAccountPlan> ApplyAsync(AtlasConnection connection, ServiceAccountPlan plan, ISecretVault? vault, Action<string>? warn, CancellationToken ct = default)
        {
            var d = plan.Desired;
            var org = plan.Actual.OrganizationId;
            switch (plan.Action)
            {
                case DscAction.None: return plan;
                case DscAction.Refuse:
                    throw new AtlasValidationException("AtlasDscAmbiguousServiceAccount",
                        $"AtlasServiceAccount: {plan.Actual.MatchingIds.Count} service accounts in organization {org} are named '{plan.Actual.Name}' ({string.Join(", ", plan.Actual.MatchingIds)}). Set changes nothing: rename or remove the extra ones, then run the configuration again.",
                        "Name", plan.Actual.Name);
                case DscAction.Delete:
                    await ServiceAccountWorkflows.DeleteAsync(connection, org, plan.Actual.Account!.ClientId, ct).ConfigureAwait(false);
                    return plan;
                case DscAction.Create:
                    await CreateAsync(connection, plan, vault, warn, ct).ConfigureAwait(false);
                    return plan;
            }
            var sa = plan.Actual.Account!;
            var principal = PrincipalRef.ServiceAccount(sa.ClientId, org);
            if (plan.SetDescription != null || plan.SetRoles != null)
                await ServiceAccountWorkflows.UpdateAsync(connection, org, sa.ClientId, null, plan.SetDescription, plan.SetRoles, ct).ConfigureAwait(false);
            await DscApply.AccessListAsync(connection, org, principal, plan.AccessListToAdd, plan.AccessListToRemove, ct).ConfigureAwait(false);
            await DscApply.ProjectsAsync(connection, principal, plan.Projects, ct).ConfigureAwait(false);
            if (plan.RotateSecret)
            {
                if (vault is null) throw new ArgumentNullException(nameof(vault));
                // The new secret replaces the vault entry (Force); the old secret stays in Atlas until it expires, so
                // whatever still uses it keeps working. A secret that cannot be stored is deleted again by the hand-off.
                var handoff = new CredentialHandoff(vault, d.VaultName!, d.SecretName!, force: true, warn);
                int hours = d.SecretExpiresAfterHours == 0 ? DefaultSecretExpiresAfterHours : d.SecretExpiresAfterHours;
                var secret = await ServiceAccountSecretWorkflows.NewAsync(connection, org, sa.ClientId, hours, handoff, ct).ConfigureAwait(false);
                secret.Secret?.Dispose();
                secret.Secret = null;
            }
            return plan;
        }

        private static async Task CreateAsync(AtlasConnection connection, ServiceAccountPlan plan, ISecretVault? vault, Action<string>? warn, CancellationToken ct)
        {
            var d = plan.Desired;
            if (string.IsNullOrWhiteSpace(d.VaultName) || string.IsNullOrWhiteSpace(d.SecretName))
                throw new AtlasValidationException("AtlasDscVaultRequired",
                    $"AtlasServiceAccount: service account '{plan.Actual.Name}' does not exist and Set would create it, but VaultName and SecretName are not given: its client secret would have nowhere to go. Nothing was created. Give VaultName and SecretName (a registered SecretManagement vault).", "VaultName");
            if (d.Roles is null)
                throw new AtlasValidationException("AtlasDscRolesRequired",
                    $"AtlasServiceAccount: service account '{plan.Actual.Name}' does not exist and Set would create it, but Roles is not given. Nothing was created. Give the account's organization roles.", "Roles");
            if (vault is null) throw new ArgumentNullException(nameof(vault));
            var groups = plan.Projects.Assign.GroupBy(p => string.Join(",", p.Value.OrderBy(x => x, StringComparer.Ordinal)))
                .OrderByDescending(g => g.Count()).ToList();
            var first = groups.FirstOrDefault();
            var request = new NewServiceAccountRequest
            {
                OrganizationId = plan.Actual.OrganizationId, Name = plan.Actual.Name, Description = d.Description ?? plan.Actual.Name, Roles = d.Roles,
                SecretExpiresAfterHours = d.SecretExpiresAfterHours == 0 ? DefaultSecretExpiresAfterHours : d.SecretExpiresAfterHours,
                AccessList = plan.AccessListToAdd,
                ProjectIds = first?.Select(p => p.Key).ToList(), ProjectRoles = first?.First().Value,
            };
            var handoff = new CredentialHandoff(vault, d.VaultName!, d.SecretName!, force: false, warn);
            var sa = await ServiceAccountWorkflows.CreateAsync(connection, request, handoff, ct).ConfigureAwait(false);
            foreach (var s in sa.Secrets) { s.Secret?.Dispose(); s.Secret = null; }
            var rest = new ProjectChanges();
            foreach (var g in groups.Skip(1)) foreach (var p in g) rest.Assign[p.Key] = p.Value;
            await DscApply.ProjectsAsync(connection, PrincipalRef.ServiceAccount(sa.ClientId, plan.Actual.OrganizationId), rest, ct).ConfigureAwait(false);
        }
    }
}
