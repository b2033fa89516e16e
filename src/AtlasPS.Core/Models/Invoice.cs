using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An invoice (or pending invoice).</summary>
    public sealed class Invoice
    {
        public string Id { get; set; } = "";
        public string OrgId { get; set; } = "";
        public DateTimeOffset? StartDate { get; set; }
        public DateTimeOffset? EndDate { get; set; }
        public string? StatusName { get; set; }
        public long AmountBilledCents { get; set; }
        public long AmountPaidCents { get; set; }
        public decimal AmountBilled => AmountBilledCents / 100m;
        public decimal AmountPaid => AmountPaidCents / 100m;
        public InvoiceLineItem[] LineItems { get; set; } = Array.Empty<InvoiceLineItem>();
        /// <summary>The invoice id again, so that `$invoice | Get-AtlasInvoice` binds -InvoiceId by property name (-InvoiceId has no Id alias: an organization's Id is not an invoice id).</summary>
        public string InvoiceId => Id;
        public override string ToString() => Id;
    }
}
