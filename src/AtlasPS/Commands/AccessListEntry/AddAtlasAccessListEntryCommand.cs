using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Adds addresses and CIDR blocks to an API key's IP access list. Pipeline input is gathered and sent in
    /// EndProcessing as one request per key; every entry is validated before anything is sent.
    /// </summary>
    [Cmdlet(VerbsCommon.Add, "AtlasAccessListEntry", DefaultParameterSetName = NoPrincipalSet, SupportsShouldProcess = true)]
    [OutputType(typeof(AccessListEntry))]
    public sealed class AddAtlasAccessListEntryCommand : AccessListCommandBase
    {
        [Parameter(ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NoPrincipalSet)]
        public string[]? IpAddress { get; set; }

        [Parameter(ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NoPrincipalSet)]
        public string[]? CidrBlock { get; set; }

        protected override void ProcessRecord()
        {
            var principal = Principal();
            if (principal is null) return;
            var batch = BatchFor(principal, OrganizationId);
            var given = (IpAddress ?? Array.Empty<string>()).Concat(CidrBlock ?? Array.Empty<string>()).Where(e => !string.IsNullOrWhiteSpace(e)).ToList();
            if (given.Count == 0)
            {
                batch.Invalid = true;
                WriteAtlasError(new AtlasValidationException("AtlasMissingAccessListEntry",
                    "Give at least one address or CIDR block with -IpAddress or -CidrBlock, e.g. 203.0.113.7 or 203.0.113.0/24.", "IpAddress"), principal.Id, Noun(principal));
                return;
            }
            foreach (var e in given)
            {
                try { batch.Entries.Add(AtlasInput.AccessListEntry(e, "IpAddress").Entry); }
                catch (AtlasValidationException ex)
                {
                    // Refuse the whole key's batch: half an access list is worse than none.
                    batch.Invalid = true;
                    WriteAtlasError(ex, e, Noun(principal));
                }
            }
        }

        protected override void EndProcessing()
        {
            if (Batches.Count == 0) return;
            var connection = ActiveConnection;
            foreach (var batch in Batches)
            {
                if (batch.Invalid || batch.Entries.Count == 0) continue;
                var entries = batch.Entries.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (!ShouldProcess(batch.Principal.ToString(), "Add to the IP access list: " + string.Join(", ", entries))) continue;
                try
                {
                    foreach (var e in Run(ct => AccessListEntryWorkflows.AddAsync(connection, batch.OrganizationId, batch.Principal, entries, ct)))
                        WriteObject(e);
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, batch.Principal.Id, Noun(batch.Principal)); }
            }
        }
    }
}
