using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Resources;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// The step New-AtlasApiKey, New-AtlasServiceAccount and Update-AtlasCredential share after creating a credential:
    /// add its access list in chunks, then give it roles in projects by fan-out (at most ThrottleLimit at once), then
    /// aggregate what failed into one <see cref="AccessProvisioningException"/> whose message stays short however many
    /// projects there are. Within the command's <see cref="CommandBudget"/>: after the first connection failure no
    /// project is started, and nothing runs past the budget's deadline.
    /// </summary>
    internal static class AccessProvisioning
    {
        public enum Step { AccessList, ProjectAccess }

        /// <summary>Runs both steps; <paramref name="beforeStep"/> is called before each step that has work.</summary>
        public static async Task RunAsync(AtlasClient client, IPrincipalAccess principal, string orgId,
            IReadOnlyList<AccessListSpec> accessList, IReadOnlyList<ProjectRoleAssignment> projects, int throttleLimit,
            CommandBudget budget, Func<Step, CancellationToken, Task>? beforeStep, CancellationToken ct)
        {
            if (accessList.Count > 0)
            {
                if (beforeStep != null) await beforeStep(Step.AccessList, ct).ConfigureAwait(false);
                long started = budget.Timestamp();
                try
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
                    foreach (var chunk in AccessListEntryWorkflows.Chunk(accessList, principal.AccessListEntriesPerRequest))
                        await principal.PostAccessListAsync(client, orgId, chunk, linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    budget.Observe(ex, started);
                    throw new AccessProvisioningException(Step.AccessList, ex.Message, ex, Array.Empty<(string, Exception)>(), Array.Empty<string>(), 0);
                }
            }

            if (projects.Count == 0) return;
            if (beforeStep != null) await beforeStep(Step.ProjectAccess, ct).ConfigureAwait(false);
            var results = await FanOut.RunAsync(projects, throttleLimit, async (p, c) =>
            {
                await principal.AssignToProjectAsync(client, orgId, p.ProjectId, p.Roles, c).ConfigureAwait(false);
                return true;
            }, budget, ct).ConfigureAwait(false);
            var notStarted = results.Where(r => CommandBudget.IsNotAttempted(r.Error)).Select(r => r.Input.ProjectId).ToList();
            var failed = results.Where(r => !r.Succeeded && !CommandBudget.IsNotAttempted(r.Error)).Select(r => (r.Input.ProjectId, r.Error!)).ToList();
            if (failed.Count == 0 && notStarted.Count == 0) return;
            int done = results.Count(r => r.Succeeded);
            var first = failed.Count > 0 ? failed[0].Item2 : results.First(r => !r.Succeeded).Error!;
            throw new AccessProvisioningException(Step.ProjectAccess, Summarize(failed, notStarted, done, results.Count), first, failed, notStarted, done);
        }

        /// <summary>
        /// One message for any number of projects: the failed project ids (at most <see cref="MaxIdsNamed"/>), each
        /// distinct reason once (at most <see cref="MaxReasons"/>), and how many were not started or done.
        /// </summary>
        internal static string Summarize(IReadOnlyList<(string ProjectId, Exception Error)> failed, IReadOnlyList<string> notStarted, int done, int total)
        {
            var parts = new List<string>();
            if (failed.Count > 0)
            {
                var byReason = failed.GroupBy(f => Reason(f.Error), StringComparer.Ordinal).ToList();
                var reasons = byReason.Take(MaxReasons).Select(g => $"{Ids(g.Select(f => f.ProjectId).ToList())}: {g.Key}").ToList();
                if (byReason.Count > MaxReasons) reasons.Add($"{byReason.Count - MaxReasons} other reason(s)");
                parts.Add($"{failed.Count} of {total} project(s) failed ({string.Join("; ", reasons)})");
            }
            if (notStarted.Count > 0)
                parts.Add($"{notStarted.Count} project(s) were not started because the connection to Atlas was lost ({Ids(notStarted)})");
            if (done > 0) parts.Add($"{done} succeeded");
            return string.Join("; ", parts);
        }

        internal const int MaxIdsNamed = 5;
        internal const int MaxReasons = 3;

        private static string Ids(IReadOnlyList<string> ids) =>
            ids.Count <= MaxIdsNamed ? string.Join(", ", ids) : string.Join(", ", ids.Take(MaxIdsNamed)) + $" and {ids.Count - MaxIdsNamed} more";

        private static string Reason(Exception ex)
        {
            var text = (ex.Message ?? ex.GetType().Name).Trim().TrimEnd('.');
            return text.Length == 0 ? ex.GetType().Name : text;
        }
    }
}
