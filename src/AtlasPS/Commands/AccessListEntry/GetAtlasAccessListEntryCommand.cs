using System;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Lists the IP access list of an API key.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasAccessListEntry", DefaultParameterSetName = NoPrincipalSet, SupportsPaging = true)]
    [OutputType(typeof(AccessListEntry))]
    public sealed class GetAtlasAccessListEntryCommand : AccessListCommandBase
    {
        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            var principal = Principal();
            if (principal is null) return;
            var paging = new PagingAdapter(this);
            try { WriteAll(AccessListEntryWorkflows.ListAsync(connection, OrganizationId, principal, paging.Request, CancellationToken)); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, principal.Id, Noun(principal)); }
            paging.WriteTotal(this);
        }
    }
}
