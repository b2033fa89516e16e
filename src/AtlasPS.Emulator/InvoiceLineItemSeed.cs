using System.Net;
using System.Security.Cryptography;

namespace AtlasPS.Emulator;

/// <summary>One invoice line item for <see cref="EmulatorState.AddInvoice"/>.</summary>
public sealed record InvoiceLineItemSeed(string Sku, long TotalPriceCents, double Quantity = 1, string Unit = "HOURS",
    double UnitPriceDollars = 0, string? GroupId = null, string? ClusterName = null, string? CloudProvider = "AWS");
