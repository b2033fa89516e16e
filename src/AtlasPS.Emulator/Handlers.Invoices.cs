using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
    // ------------------------------------------------------------------ invoices

    private JsonObject InvoiceJson(Call c, InvoiceEntity i, bool full)
    {
        var j = new JsonObject
        {
            ["amountBilledCents"] = i.AmountBilledCents,
            ["amountPaidCents"] = i.AmountPaidCents,
            ["created"] = Iso(i.Created),
            ["creditsCents"] = i.CreditsCents,
            ["endDate"] = Iso(i.EndDate),
            ["id"] = i.Id,
        };
        if (full)
        {
            j["lineItems"] = new JsonArray(i.LineItems.Select(li =>
            {
                var o = new JsonObject
                {
                    ["created"] = Iso(i.Created), ["endDate"] = Iso(i.EndDate), ["quantity"] = li.Quantity, ["sku"] = li.Sku,
                    ["startDate"] = Iso(i.StartDate), ["totalPriceCents"] = li.TotalPriceCents, ["unit"] = li.Unit, ["unitPriceDollars"] = li.UnitPriceDollars,
                };
                if (li.CloudProvider is not null) o["cloudProvider"] = li.CloudProvider;
                if (li.ClusterName is not null) o["clusterName"] = li.ClusterName;
                if (li.GroupId is not null)
                {
                    o["groupId"] = li.GroupId;
                    if (S.ProjectsById.TryGetValue(li.GroupId, out var gp)) o["groupName"] = gp.Name;
                }
                return (JsonNode?)o;
            }).ToArray());
        }
        j["linkedInvoices"] = new JsonArray();
        j["links"] = SelfLinks(c, $"/orgs/{i.OrgId}/invoices/{i.Id}");
        j["orgId"] = i.OrgId;
        if (full)
        {
            j["payments"] = new JsonArray();
            j["refunds"] = new JsonArray();
        }
        j["salesTaxCents"] = i.SalesTaxCents;
        j["startDate"] = Iso(i.StartDate);
        j["startingBalanceCents"] = i.StartingBalanceCents;
        j["statusName"] = i.StatusName;
        j["subtotalCents"] = i.SubtotalCents;
        j["updated"] = Iso(i.Created);
        return j;
    }

    private static DateTimeOffset? DateParam(Call c, string name)
    {
        var s = c.Q(name);
        if (s is null) return null;
        if (!DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d))
            throw new ApiException(400, "INVALID_PARAMETER", $"Invalid value '{s}' for {name}: expected yyyy-MM-dd.", null, name);
        return new DateTimeOffset(d, TimeSpan.Zero);
    }

    private ApiResult ListInvoices(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        var from = DateParam(c, "fromDate");
        var to = DateParam(c, "toDate");
        var statuses = c.Query.TryGetValue("statusNames", out var sn) ? sn.SelectMany(x => x.Split(',')).ToHashSet() : null;
        var sortBy = c.Q("sortBy") ?? "END_DATE";
        var orderBy = c.Q("orderBy") ?? "desc";
        if (sortBy is not ("END_DATE" or "START_DATE")) throw new ApiException(400, "INVALID_PARAMETER", $"Invalid sortBy '{sortBy}'.", null, "sortBy");
        if (orderBy is not ("asc" or "desc")) throw new ApiException(400, "INVALID_PARAMETER", $"Invalid orderBy '{orderBy}'.", null, "orderBy");
        var q = S.InvoicesById.Values.Where(i => i.OrgId == org.Id)
            .Where(i => from is null || i.StartDate >= from)
            .Where(i => to is null || i.EndDate <= to.Value.AddDays(1).AddTicks(-1))
            .Where(i => statuses is null || statuses.Contains(i.StatusName));
        Func<InvoiceEntity, DateTimeOffset> key = sortBy == "START_DATE" ? i => i.StartDate : i => i.EndDate;
        q = orderBy == "asc" ? q.OrderBy(key).ThenBy(i => i.Id, StringComparer.Ordinal) : q.OrderByDescending(key).ThenBy(i => i.Id, StringComparer.Ordinal);
        return Page(c, q.ProjectLazily((i) => (JsonNode)InvoiceJson(c, i, full: false)).ToList());
    }

    private ApiResult ListPendingInvoices(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        return Page(c, S.InvoicesById.Values.Where(i => i.OrgId == org.Id && i.StatusName == "PENDING").OrderByDescending(i => i.EndDate)
            .ProjectLazily((i) => (JsonNode)InvoiceJson(c, i, full: true)).ToList(), paged: false);
    }

    private ApiResult GetInvoice(Call c)
    {
        var org = Org(c, Need.OrgBilling);
        var id = c.P("invoiceId");
        if (!HexId().IsMatch(id)) throw new ApiException(400, "INVALID_INVOICE_ID", $"An invalid invoice ID {id} was specified.", null, id);
        if (!S.InvoicesById.TryGetValue(id, out var inv) || inv.OrgId != org.Id)
            throw NotFound("INVOICE_NOT_FOUND", $"No invoice with ID {id} exists in organization {org.Id}.", id);
        if (c.MediaType == V2023Csv)
        {
            var sb = new StringBuilder("SKU,Quantity,Unit,Unit Price,Amount\n");
            foreach (var li in inv.LineItems)
                sb.Append(CultureInfo.InvariantCulture, $"{li.Sku},{li.Quantity},{li.Unit},{li.UnitPriceDollars},{li.TotalPriceCents / 100.0:0.00}\n");
            return new ApiResult { Status = 200, ContentType = V2023Csv, Body = sb.ToString() };
        }
        return Ok(c, InvoiceJson(c, inv, full: true));
    }
}
