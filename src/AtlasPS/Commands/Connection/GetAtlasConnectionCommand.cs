using System;
using System.Management.Automation;
using System.Security;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>The session's current connection.</summary>
    [Cmdlet(VerbsCommon.Get, "AtlasConnection")]
    [OutputType(typeof(AtlasConnection))]
    public sealed class GetAtlasConnectionCommand : AtlasCmdlet
    {
        protected override void EndProcessing()
        {
            var current = ConnectionStore.Current;
            if (current != null && !current.IsDisposed) WriteObject(current);
        }
    }
}
