using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Gets invoices: all (optionally between dates), one by id, or the pending one(s).</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasInvoice", DefaultParameterSetName = ListSet, SupportsPaging = true)]
    [OutputType(typeof(Invoice))]
    public sealed class GetAtlasInvoiceCommand : AtlasApiCmdlet
    {
        public const string ListSet = "List";
        public const string ByIdSet = "ById";
        public const string PendingSet = "Pending";

        [Parameter(ParameterSetName = ListSet)]
        public DateTime? From { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public DateTime? To { get; set; }

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        public string[] InvoiceId { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = PendingSet)]
        public SwitchParameter Pending { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            switch (ParameterSetName)
            {
                case ByIdSet:
                    foreach (var id in InvoiceId)
                    {
                        try { WriteObject(Run(ct => InvoiceWorkflows.GetAsync(connection, OrganizationId, id, ct))); }
                        catch (PipelineStoppedException) { throw; }
                        catch (Exception ex) { WriteAtlasError(ex, id, "Invoice"); }
                    }
                    break;
                case PendingSet:
                    try { foreach (var i in Run(ct => InvoiceWorkflows.ListPendingAsync(connection, OrganizationId, ct))) WriteObject(i); }
                    catch (PipelineStoppedException) { throw; }
                    catch (Exception ex) { WriteAtlasError(ex, OrganizationId, "Invoice"); }
                    break;
                default:
                    var paging = new PagingAdapter(this);
                    try { WriteAll(InvoiceWorkflows.ListAsync(connection, OrganizationId, From, To, paging.Request, CancellationToken)); paging.WriteTotal(this); }
                    catch (PipelineStoppedException) { throw; }
                    catch (Exception ex) { WriteAtlasError(ex, OrganizationId, "Invoice"); }
                    break;
            }
        }
    }
}
