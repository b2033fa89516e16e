using System;
using System.Management.Automation;
using System.Security;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Closes the session's connection (and forgets its credential).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Atlas")]
    [OutputType(typeof(AtlasConnection))]
    public sealed class DisconnectAtlasCommand : AtlasCmdlet
    {
        /// <summary>Return the connection that was closed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var current = ConnectionStore.Current;
            if (current is null)
            {
                WriteVerbose("Not connected to Atlas; nothing to disconnect.");
                return;
            }
            ConnectionStore.Current = null;
            current.Dispose(); // also when it was handed out with Connect-Atlas -PassThru: the user asked to close it
            if (PassThru) WriteObject(current);
        }
    }
}
