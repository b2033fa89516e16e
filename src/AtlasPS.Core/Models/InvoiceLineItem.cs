using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    public sealed class InvoiceLineItem
    {
        public string? Sku { get; set; }
        public string? ClusterName { get; set; }
        public string? GroupId { get; set; }
        public double? Quantity { get; set; }
        public string? Unit { get; set; }
        public long TotalPriceCents { get; set; }
        public decimal TotalPrice => TotalPriceCents / 100m;
    }
}
