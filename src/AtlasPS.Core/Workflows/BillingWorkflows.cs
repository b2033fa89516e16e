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
    /// <summary>Invoices, read-only (Organization Billing Viewer). Amounts come in cents and as decimal dollars.</summary>
    public static class BillingWorkflows
    {
        /// <summary>Refuses -From after -To before any request.</summary>
        public static void ValidateRange(DateTime? from, DateTime? to)
        {
            if (from.HasValue && to.HasValue && from.Value.Date > to.Value.Date)
                throw new AtlasValidationException("AtlasInvalidDateRange",
                    $"-From {from.Value:yyyy-MM-dd} is after -To {to.Value:yyyy-MM-dd}. Give -From on or before -To, e.g. -From 2026-01-01 -To 2026-03-31.", "From", from);
        }

        /// <summary>
        /// The organization's invoices, newest first. -From keeps invoices starting on or after that date, -To those ending on or
        /// before it (Atlas's fromDate/toDate, dates only). The same filter is applied again here so other servers cannot widen it.
        /// </summary>
        public static async IAsyncEnumerable<Invoice> ListAsync(AtlasConnection connection, string? orgId, DateTime? from, DateTime? to,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            ValidateRange(from, to);
            await foreach (var i in connection.Client.Billing.ListInvoicesAsync(org, from?.Date, to?.Date, paging, ct).ConfigureAwait(false))
                if (InRange(i, from, to)) yield return i;
        }

        public static bool InRange(Invoice invoice, DateTime? from, DateTime? to)
        {
            if (from.HasValue && invoice.StartDate.HasValue && invoice.StartDate.Value.UtcDateTime.Date < from.Value.Date) return false;
            if (to.HasValue && invoice.EndDate.HasValue && invoice.EndDate.Value.UtcDateTime.Date > to.Value.Date) return false;
            return true;
        }

        public static Task<Invoice> GetAsync(AtlasConnection connection, string? orgId, string invoiceId, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            return connection.Client.Billing.GetInvoiceAsync(org, AtlasInput.InvoiceId(invoiceId), ct);
        }

        /// <summary>The invoice(s) accruing charges in the current billing cycle.</summary>
        public static Task<IReadOnlyList<Invoice>> ListPendingAsync(AtlasConnection connection, string? orgId, CancellationToken ct = default) =>
            connection.Client.Billing.ListPendingAsync(connection.RequireOrganizationId(orgId), ct);
    }

    /// <summary>Clusters per project, for inventory and cost tools.</summary>
    public static class InventoryWorkflows
    {
        public static async IAsyncEnumerable<Cluster> ListClustersAsync(AtlasConnection connection, string? projectId, PageRequest? paging = null,
            [EnumeratorCancellation] CancellationToken ct = default)
        {
            string project = connection.RequireProjectId(projectId);
            await foreach (var c in connection.Client.Clusters.ListAsync(project, paging, ct).ConfigureAwait(false))
                yield return c;
        }

        /// <summary>
        /// The clusters of many projects, at most ThrottleLimit projects at once; results per project in input order, a failing
        /// project (no access, not found) reported alone. With no projects given: every project of the organization.
        /// </summary>
        public static async Task<IReadOnlyList<ItemResult<string, IReadOnlyList<Cluster>>>> ListClustersOfProjectsAsync(AtlasConnection connection,
            string? orgId, IEnumerable<string>? projectIds, int throttleLimit = ServiceAccountWorkflows.DefaultThrottleLimit, CancellationToken ct = default)
        {
            ServiceAccountWorkflows.ValidateThrottleLimit(throttleLimit);
            var projects = (projectIds ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p))
                .Select(p => AtlasInput.ProjectId(p)).Distinct(StringComparer.Ordinal).ToList();
            if (projects.Count == 0)
            {
                string org = connection.RequireOrganizationId(orgId);
                await foreach (var p in connection.Client.Projects.ListAsync(org, null, ct).ConfigureAwait(false))
                {
                    connection.Known.Remember("project", p.Id, p.Name);
                    projects.Add(p.Id);
                }
            }
            return await FanOut.RunAsync<string, IReadOnlyList<Cluster>>(projects, throttleLimit, async (p, c) =>
            {
                var list = new List<Cluster>();
                await foreach (var cl in connection.Client.Clusters.ListAsync(p, null, c).ConfigureAwait(false)) list.Add(cl);
                return list;
            }, ct).ConfigureAwait(false);
        }
    }
}
