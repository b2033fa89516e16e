using System;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Removes entries from an API key's IP access list (one request per entry, a few at once).
    /// `Get-AtlasAccessListEntry -ApiKeyId $id | Remove-AtlasAccessListEntry` binds Entry and ApiKeyId by property name.
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "AtlasAccessListEntry", DefaultParameterSetName = NoPrincipalSet, SupportsShouldProcess = true)]
    [OutputType(typeof(void))]
    public sealed class RemoveAtlasAccessListEntryCommand : AccessListCommandBase
    {
        /// <summary>Addresses or CIDR blocks to remove (-IpAddress and -CidrBlock are aliases).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NoPrincipalSet)]
        [Alias("IpAddress", "CidrBlock")]
        public string[] Entry { get; set; } = Array.Empty<string>();

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        protected override void ProcessRecord()
        {
            var principal = Principal();
            if (principal is null) return;
            var batch = BatchFor(principal, OrganizationId);
            foreach (var e in Entry)
            {
                try { batch.Entries.Add(AtlasInput.AccessListEntry(e, "Entry").Entry); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, e, Noun(principal)); }
            }
        }

        protected override void EndProcessing()
        {
            if (Batches.Count == 0) return;
            var connection = ActiveConnection;
            foreach (var batch in Batches)
            {
                var entries = batch.Entries.Distinct(StringComparer.OrdinalIgnoreCase)
                    .Where(e => ShouldProcess(batch.Principal.ToString(), "Remove " + e + " from the IP access list")).ToList();
                if (entries.Count == 0) continue;
                try
                {
                    var results = Run(ct => AccessListEntryWorkflows.RemoveAsync(connection, batch.OrganizationId, batch.Principal, entries, ThrottleLimit, ct));
                    foreach (var r in results.Where(r => !r.Succeeded))
                        WriteAtlasError(r.Error!, r.Input, "AccessListEntry");
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, batch.Principal.Id, Noun(batch.Principal)); }
            }
        }
    }
}
