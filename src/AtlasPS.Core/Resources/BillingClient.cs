using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Wire;

// Typed resource clients: one method per operation, deliberately boring so that it reads like the spec.
// Input validation (ids, roles, addresses) happens in AtlasPS.Core.Validation before these are called.
namespace AtlasPS.Core.Resources
{
    public sealed class BillingClient
    {
        private readonly AtlasHttp http;
        private readonly IAtlasApi api;
        internal BillingClient(AtlasHttp http) { this.http = http; api = http.Api; }

        public async IAsyncEnumerable<Invoice> ListInvoicesAsync(string orgId, DateTime? fromDate, DateTime? toDate, PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string? from = fromDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            string? to = toDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await foreach (var i in Pager.PageAsync<BillingInvoice>(http, (n, size, count, t) => api.ListOrgInvoices(orgId, from, to, n, size, count, t), paging, ct).ConfigureAwait(false))
                yield return i.ToModel(orgId);
        }

        public async Task<Invoice> GetInvoiceAsync(string orgId, string invoiceId, CancellationToken ct = default) =>
            (await api.GetOrgInvoice(orgId, invoiceId, ct).ConfigureAwait(false)).ToModel(orgId);

        /// <summary>The pending invoice(s). The operation declares no paging parameters: one request.</summary>
        public async Task<IReadOnlyList<Invoice>> ListPendingAsync(string orgId, CancellationToken ct = default)
        {
            var r = await api.ListOrgInvoicePending(orgId, ct).ConfigureAwait(false);
            return (r?.Results ?? new List<BillingInvoice>()).Select(i => i.ToModel(orgId)).ToList();
        }
    }
}
