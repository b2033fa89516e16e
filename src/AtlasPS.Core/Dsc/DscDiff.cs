using System;
using System.Collections.Generic;
using System.Linq;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Dsc
{
    /// <summary>The access-list and project-role comparison shared by both resources.</summary>
    public static class DscDiff
    {
        /// <summary>Checks the shared properties before any request (AtlasValidationException says what to fix).</summary>
        public static void ValidateShared(DscPrincipalDesiredState d, string resource)
        {
            if (d is null) throw new ArgumentNullException(nameof(d));
            if (d.AccessList != null && (d.AccessListToInclude != null || d.AccessListToExclude != null))
                throw new AtlasValidationException("AtlasDscAccessListConflict",
                    $"{resource}: AccessList (the exact list) cannot be combined with AccessListToInclude or AccessListToExclude. Give AccessList to manage the whole list, or the include/exclude pair to manage only those entries.", "AccessList");
            if (d.Roles != null) AtlasInput.OrgRoles(d.Roles, "Roles");
            var include = Canonical(d.AccessListToInclude, "AccessListToInclude");
            var exclude = Canonical(d.AccessListToExclude, "AccessListToExclude");
            Canonical(d.AccessList, "AccessList");
            var both = include.Keys.Intersect(exclude.Keys, StringComparer.OrdinalIgnoreCase).ToList();
            if (both.Count > 0)
                throw new AtlasValidationException("AtlasDscAccessListConflict",
                    $"{resource}: {string.Join(", ", both.Select(k => include[k]))} is in both AccessListToInclude and AccessListToExclude. Put each entry in one of them.", "AccessListToInclude");
            if (d.ProjectRoles != null)
                foreach (var p in d.ProjectRoles)
                {
                    if (p is null) throw new AtlasValidationException("AtlasDscInvalidProjectRole", $"{resource}: ProjectRoles contains an empty entry.", "ProjectRoles");
                    bool hasId = !string.IsNullOrWhiteSpace(p.ProjectId), hasName = !string.IsNullOrWhiteSpace(p.ProjectName);
                    if (hasId == hasName)
                        throw new AtlasValidationException("AtlasDscInvalidProjectRole",
                            $"{resource}: each ProjectRoles entry needs exactly one of ProjectId or ProjectName (got '{p}').", "ProjectRoles");
                    if (hasId) AtlasInput.ProjectId(p.ProjectId, "ProjectRoles.ProjectId");
                    AtlasInput.ProjectRoles(p.Roles, "ProjectRoles.Roles");
                }
            bool v = !string.IsNullOrWhiteSpace(d.VaultName), s = !string.IsNullOrWhiteSpace(d.SecretName);
            if (v != s)
                throw new AtlasValidationException("AtlasDscVaultIncomplete",
                    $"{resource}: VaultName and SecretName go together: give both (the registered vault and the name to store the new secret under) or neither.", v ? "SecretName" : "VaultName");
            if (v) { Secrets.CredentialHandoff.ValidateVaultName(d.VaultName); Secrets.CredentialHandoff.ValidateSecretName(d.SecretName); }
        }

        /// <summary>Canonical CIDR ("203.0.113.10/32") to the entry as the user wrote it (validated, de-duplicated).</summary>
        public static Dictionary<string, string> Canonical(IEnumerable<string>? entries, string parameter)
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (entries is null) return map;
            foreach (var spec in AtlasInput.AccessListEntries(entries, parameter))
            {
                var key = CanonicalOf(spec);
                if (!map.ContainsKey(key)) map[key] = spec.Entry;
            }
            return map;
        }

        internal static string CanonicalOf(AccessListSpec s) =>
            s.CidrBlock ?? (s.IpAddress + (s.IpAddress!.Contains(":") ? "/128" : "/32"));

        /// <summary>The access-list changes: entries to add (as written) and entries to remove (as Atlas lists them).</summary>
        public static (IReadOnlyList<string> Add, IReadOnlyList<string> Remove) AccessList(DscPrincipalDesiredState d, IEnumerable<AccessListEntry> actual)
        {
            var have = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var e in actual) if (!have.ContainsKey(e.CidrBlock)) have[e.CidrBlock] = e.Entry;
            var add = new List<string>();
            var remove = new List<string>();
            if (d.AccessList != null)
            {
                var want = Canonical(d.AccessList, "AccessList");
                add.AddRange(want.Where(w => !have.ContainsKey(w.Key)).Select(w => w.Value));
                remove.AddRange(have.Where(h => !want.ContainsKey(h.Key)).Select(h => h.Value));
            }
            else
            {
                add.AddRange(Canonical(d.AccessListToInclude, "AccessListToInclude").Where(w => !have.ContainsKey(w.Key)).Select(w => w.Value));
                remove.AddRange(Canonical(d.AccessListToExclude, "AccessListToExclude").Where(x => have.ContainsKey(x.Key)).Select(x => have[x.Key]));
            }
            return (add, remove);
        }

        /// <summary>True when the access list is managed at all (and must be read).</summary>
        public static bool ManagesAccessList(DscPrincipalDesiredState d) =>
            d.AccessList != null || d.AccessListToInclude != null || d.AccessListToExclude != null;

        /// <summary>Exact role-set comparison (order and case of the listing do not matter).</summary>
        public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Extra) Roles(IEnumerable<string> desired, IEnumerable<string> actual)
        {
            var want = desired.Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
            var have = actual.Select(r => r.Trim().ToUpperInvariant()).Distinct().ToList();
            return (want.Except(have).ToList(), have.Except(want).ToList());
        }

        /// <summary>
        /// Resolves ProjectRoles to project id → roles. <paramref name="projectIdsByName"/> is asked only when a
        /// ProjectName is used (one listing of the organization's projects).
        /// </summary>
        public static IReadOnlyDictionary<string, string[]> ResolveProjects(IEnumerable<DscProjectRole> desired, IReadOnlyDictionary<string, string>? projectIdsByName)
        {
            var map = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            foreach (var p in desired)
            {
                string id;
                if (!string.IsNullOrWhiteSpace(p.ProjectId)) id = AtlasInput.ProjectId(p.ProjectId);
                else if (projectIdsByName != null && projectIdsByName.TryGetValue(p.ProjectName!.Trim(), out var found)) id = found;
                else throw new AtlasValidationException("AtlasDscProjectNotFound",
                    $"No project named '{p.ProjectName}' in the organization. Check ProjectName (Get-AtlasProject lists the projects) or give ProjectId.", "ProjectRoles", p.ProjectName);
                var roles = AtlasInput.ProjectRoles(p.Roles, "ProjectRoles.Roles").ToArray();
                if (map.TryGetValue(id, out var earlier))
                    throw new AtlasValidationException("AtlasDscDuplicateProject",
                        $"Project {id} is listed twice in ProjectRoles ({string.Join(",", earlier)} and {string.Join(",", roles)}). List each project once with all its roles.", "ProjectRoles", id);
                map[id] = roles;
            }
            return map;
        }

        public static bool UsesProjectNames(DscPrincipalDesiredState d) =>
            d.ProjectRoles != null && d.ProjectRoles.Any(p => p != null && string.IsNullOrWhiteSpace(p.ProjectId));

        /// <summary>The project changes: assign (not assigned yet), set roles (assigned with other roles), remove (not listed).</summary>
        public static ProjectChanges Projects(IReadOnlyDictionary<string, string[]> desired, IEnumerable<ProjectRoleAssignment> actual)
        {
            var have = actual.GroupBy(a => a.ProjectId, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.SelectMany(a => a.Roles).ToArray(), StringComparer.OrdinalIgnoreCase);
            var changes = new ProjectChanges();
            foreach (var w in desired)
            {
                if (!have.TryGetValue(w.Key, out var roles)) changes.Assign[w.Key] = w.Value;
                else
                {
                    var (missing, extra) = Roles(w.Value, roles);
                    if (missing.Count > 0 || extra.Count > 0) changes.SetRoles[w.Key] = (w.Value, roles);
                }
            }
            foreach (var h in have.Keys) if (!desired.ContainsKey(h)) changes.Remove.Add(h);
            return changes;
        }

        /// <summary>Reasons for access-list and project differences, under "{resource}:...".</summary>
        internal static void AddReasons(List<PlanReason> reasons, string resource, IReadOnlyList<string> add, IReadOnlyList<string> remove, ProjectChanges? projects)
        {
            foreach (var a in add) reasons.Add(new PlanReason(resource + ":AccessList:Missing", $"{a} is not on the access list."));
            foreach (var r in remove) reasons.Add(new PlanReason(resource + ":AccessList:Extra", $"{r} is on the access list but should not be."));
            if (projects is null) return;
            foreach (var p in projects.Assign) reasons.Add(new PlanReason(resource + ":ProjectRoles:Missing", $"Not assigned to project {p.Key} (wanted roles {string.Join(", ", p.Value)})."));
            foreach (var p in projects.SetRoles) reasons.Add(new PlanReason(resource + ":ProjectRoles:Roles", $"Project {p.Key} has roles {string.Join(", ", p.Value.Actual)}; wanted {string.Join(", ", p.Value.Desired)}."));
            foreach (var p in projects.Remove) reasons.Add(new PlanReason(resource + ":ProjectRoles:Extra", $"Assigned to project {p}, which is not in ProjectRoles."));
        }
    }
}
