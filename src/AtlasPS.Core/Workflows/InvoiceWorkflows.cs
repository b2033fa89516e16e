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
    public static class InvoiceWorkflows
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
}
