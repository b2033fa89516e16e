using System;
using System.Management.Automation;
using System.Security;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Closes the session's connection, or the one given with -Connection (and forgets its credential).</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Atlas")]
    [OutputType(typeof(AtlasConnection))]
    public sealed class DisconnectAtlasCommand : AtlasCmdlet
    {
        /// <summary>The connection to close (from Connect-Atlas -PassThru); default: the session's current one.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public AtlasConnection? Connection { get; set; }

        /// <summary>Return the connection that was closed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (Connection is null) return;
            // A given connection: close it; when it is also the session's current one, the session is disconnected too.
            if (ReferenceEquals(Connection, ConnectionStore.Current)) ConnectionStore.Current = null;
            bool wasOpen = !Connection.IsDisposed;
            Connection.Dispose();
            if (!wasOpen) WriteVerbose("That connection was already closed.");
            if (PassThru) WriteObject(Connection);
        }

        protected override void EndProcessing()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Connection)) || MyInvocation.ExpectingInput) return;
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
