using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// The access audit (Get-AtlasAccessReport): one entry per API key and service account of an organization.
    /// Requests: the key list once (its roles carry the project roles, grouped by groupId: no per-project calls), the
    /// service-account list once (secrets included), then per principal, at most ThrottleLimit at once: the key's
    /// access list; the account's access list and its project list. So 2 + keys + 2 x accounts requests when every
    /// list fits one page (500).
    /// </summary>
    public static class AccessReportWorkflows
    {
        public const int DefaultUnusedDays = 90;
        public const double DefaultExpiringWithinDays = 14;
        public const int MaxUnusedDays = 3650;

        public static void Validate(AccessReportOptions options)
        {
            if (options is null) throw new ArgumentNullException(nameof(options));
            Validation.AtlasInput.OrganizationId(options.OrganizationId);
            if (options.UnusedDays < 1 || options.UnusedDays > MaxUnusedDays)
                throw new AtlasValidationException("AtlasInvalidUnusedDays",
                    $"-UnusedDays {options.UnusedDays} is out of range: give 1 to {MaxUnusedDays} days (default {DefaultUnusedDays}).", "UnusedDays", options.UnusedDays);
            ServiceAccountSecretWorkflows.ValidateExpiringWithinDays(options.ExpiringWithinDays);
            FanOut.ValidateThrottleLimit(options.ThrottleLimit);
        }

        public static async Task<IReadOnlyList<AccessReportEntry>> GetAsync(AtlasClient client, AccessReportOptions options, CancellationToken ct = default)
        {
            if (client is null) throw new ArgumentNullException(nameof(client));
            Validate(options);
            string org = Validation.AtlasInput.OrganizationId(options.OrganizationId);
            var now = options.Clock();
            bool keys = options.PrincipalType != PrincipalType.ServiceAccount, accounts = options.PrincipalType != PrincipalType.ApiKey;

            // The two lists, concurrently.
            var keyList = keys ? ListAsync(client.ApiKeys.ListAsync(org, null, ct)) : Task.FromResult(new List<ApiKey>());
            var saList = accounts ? ListAsync(client.ServiceAccounts.ListAsync(org, null, ct)) : Task.FromResult(new List<ServiceAccount>());
            await Task.WhenAll(keyList, saList).ConfigureAwait(false);

            // One fan-out over every per-principal request, so the throttle limit holds across both kinds.
            var work = new List<Func<CancellationToken, Task>>();
            var keyEntries = new List<(ApiKey Key, List<AccessListEntry> Access, List<string> Errors)>();
            foreach (var k in keyList.Result)
            {
                var item = (k, new List<AccessListEntry>(), new List<string>());
                keyEntries.Add(item);
                work.Add(async c =>
                {
                    try { item.Item2.AddRange(await ListAsync(client.ApiKeys.ListAccessListAsync(org, k.Id, null, c)).ConfigureAwait(false)); }
                    catch (Exception ex) when (!(ex is OperationCanceledException && c.IsCancellationRequested)) { item.Item3.Add("access list: " + Reason(ex)); }
                });
            }
            var saEntries = new List<(ServiceAccount Account, List<AccessListEntry> Access, List<ProjectAccess> Projects, List<string> Errors)>();
            foreach (var s in saList.Result)
            {
                var item = (s, new List<AccessListEntry>(), new List<ProjectAccess>(), new List<string>());
                saEntries.Add(item);
                work.Add(async c =>
                {
                    try { item.Item2.AddRange(await ListAsync(client.ServiceAccounts.ListAccessListAsync(org, s.ClientId, null, c)).ConfigureAwait(false)); }
                    catch (Exception ex) when (!(ex is OperationCanceledException && c.IsCancellationRequested)) { lock (item.Item4) item.Item4.Add("access list: " + Reason(ex)); }
                });
                work.Add(async c =>
                {
                    try { item.Item3.AddRange(await ListAsync(client.ServiceAccounts.ListProjectsAsync(org, s.ClientId, null, c)).ConfigureAwait(false)); }
                    catch (Exception ex) when (!(ex is OperationCanceledException && c.IsCancellationRequested)) { lock (item.Item4) item.Item4.Add("projects: " + Reason(ex)); }
                });
            }
            await FanOut.RunAsync(work, options.ThrottleLimit, async (w, c) => { await w(c).ConfigureAwait(false); return true; }, ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();

            var report = new List<AccessReportEntry>();
            foreach (var (k, access, errors) in keyEntries)
            {
                var e = new AccessReportEntry
                {
                    PrincipalType = PrincipalType.ApiKey, OrgId = org, Id = k.Id, Name = k.PublicKey, Description = k.Description,
                    Roles = new TextList(k.Roles),
                    ProjectRoles = new TextList(k.ProjectRoles.Select(p => p.ProjectId + ": " + string.Join(",", p.Roles))),
                    ProjectCount = k.ProjectRoles.Length,
                };
                Fill(e, access, Array.Empty<ServiceAccountSecret>(), errors, options, now);
                report.Add(e);
            }
            foreach (var (s, access, projects, errors) in saEntries)
            {
                var e = new AccessReportEntry
                {
                    PrincipalType = PrincipalType.ServiceAccount, OrgId = org, Id = s.ClientId, Name = s.Name, Description = s.Description,
                    Roles = new TextList(s.Roles), Created = s.CreatedAt,
                    ProjectRoles = new TextList(projects.Select(p => p.ProjectId + ": " + string.Join(",", p.Roles))),
                    ProjectCount = projects.Count,
                };
                Fill(e, access, s.Secrets, errors, options, now);
                report.Add(e);
            }
            return report;
        }

        /// <summary>Access list, last use, secrets and the findings. Pure: tested without Atlas too.</summary>
        internal static void Fill(AccessReportEntry e, IReadOnlyList<AccessListEntry> access, IReadOnlyList<ServiceAccountSecret> secrets,
            IReadOnlyList<string> errors, AccessReportOptions options, DateTimeOffset now)
        {
            e.AccessList = new TextList(access.Select(a => a.Entry));
            e.OpenToWorld = access.Any(a => a.IsOpenToWorld);

            var uses = access.Where(a => a.LastUsed.HasValue).Select(a => (When: a.LastUsed!.Value, Address: a.LastUsedAddress))
                .Concat(secrets.Where(s => s.LastUsedAt.HasValue).Select(s => (When: s.LastUsedAt!.Value, Address: (string?)null)))
                .OrderByDescending(u => u.When).ToList();
            if (uses.Count > 0)
            {
                e.LastUsed = uses[0].When;
                e.LastUsedAddress = uses[0].Address ?? access.Where(a => a.LastUsed.HasValue).OrderByDescending(a => a.LastUsed).Select(a => a.LastUsedAddress).FirstOrDefault();
                e.DaysSinceLastUsed = Math.Max(0, (int)Math.Floor((now - uses[0].When).TotalDays));
            }

            e.SecretCount = secrets.Count;
            var expired = secrets.Where(s => s.ExpiresAt <= now).ToList();
            var valid = secrets.Where(s => s.ExpiresAt > now).OrderBy(s => s.ExpiresAt).ToList();
            e.ExpiredSecretCount = expired.Count;
            e.SecretExpiresAt = valid.Count > 0 ? valid[0].ExpiresAt : (DateTimeOffset?)null;

            var codes = new List<string>();
            var texts = new List<string>();
            void Add(string code, string text) { codes.Add(code); texts.Add(code + ": " + text); }
            string what = e.PrincipalType == PrincipalType.ApiKey ? "key" : "service account";

            if (errors.Count > 0)
                Add(AccessFinding.Incomplete, $"could not read the {string.Join(" and the ", errors)}; the other findings may be missing some.");
            if (access.Count == 0 && !errors.Any(x => x.StartsWith("access list", StringComparison.Ordinal)))
                Add(AccessFinding.NoAccessList, $"the {what} has no IP access list: its secret works from any address. Add the addresses it is used from with Add-AtlasAccessListEntry.");
            if (e.OpenToWorld)
                Add(AccessFinding.OpenToWorld, $"the access list has {string.Join(" and ", access.Where(a => a.IsOpenToWorld).Select(a => a.CidrBlock))}, which allows every address. Replace it with the addresses the {what} is used from.");
            if (e.Roles.Contains("ORG_OWNER"))
                Add(AccessFinding.OwnerRole, $"the {what} is ORG_OWNER, which can do anything in the organization. Give it the narrowest role that works.");
            if (e.LastUsed.HasValue)
            {
                if (e.DaysSinceLastUsed >= options.UnusedDays)
                    Add(AccessFinding.UnusedForDays, $"last used {e.DaysSinceLastUsed} days ago ({e.LastUsed.Value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}), more than {options.UnusedDays}. Remove it if nothing needs it.");
            }
            else if (!e.Created.HasValue || (now - e.Created.Value).TotalDays >= options.UnusedDays)
            {
                Add(AccessFinding.NeverUsed, e.Created.HasValue
                    ? $"no recorded use since it was created {Math.Floor((now - e.Created.Value).TotalDays)} days ago. Remove it if nothing needs it."
                    : $"Atlas has no recorded use of this {what} (use is recorded on access-list entries). Remove it if nothing needs it, or give it an access list to see its use.");
            }
            var soon = valid.Where(s => (s.ExpiresAt - now).TotalDays <= options.ExpiringWithinDays).ToList();
            if (soon.Count > 0)
                Add(AccessFinding.SecretExpiringSoon, $"secret {soon[0].Id} expires {soon[0].ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC, within {options.ExpiringWithinDays} days" +
                    (soon.Count > 1 ? $" ({soon.Count} secrets in all)" : "") + $". Rotate it with Update-AtlasCredential -ClientId {e.Id}.");
            if (expired.Count > 0)
                Add(AccessFinding.SecretExpired, $"{expired.Count} secret(s) expired ({string.Join(", ", expired.Select(s => s.Id))})" +
                    (valid.Count == 0 ? " and no valid secret is left: the account cannot sign in." : ".") + $" Remove them with Remove-AtlasServiceAccountSecret -ClientId {e.Id} -SecretId <id>.");

            e.FindingCodes = new TextList(codes);
            e.Findings = new TextList(texts);
        }

        private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> source)
        {
            var list = new List<T>();
            await foreach (var item in source.ConfigureAwait(false)) list.Add(item);
            return list;
        }

        private static string Reason(Exception ex)
        {
            var info = AtlasErrorInfo.From(ex);
            return info.ErrorId + " (" + (ex.Message ?? "").Trim().TrimEnd('.') + ")";
        }
    }
}
