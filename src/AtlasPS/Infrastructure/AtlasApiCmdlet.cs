using System.Management.Automation;
using AtlasPS.Core;

namespace AtlasPS.Commands
{
    /// <summary>A cmdlet that talks to Atlas: takes -Connection, else the runspace's current connection.</summary>
    public abstract class AtlasApiCmdlet : AtlasCmdlet
    {
        /// <summary>The connection to use (from Connect-Atlas -PassThru); default: the session's current one.</summary>
        [Parameter]
        [ValidateNotNull]
        public AtlasConnection? Connection { get; set; }

        /// <summary>The connection in force; throws a terminating, clear error when there is none.</summary>
        protected AtlasConnection ActiveConnection
        {
            get
            {
                if (Connection != null && Connection.IsDisposed)
                {
                    ThrowAtlasError(new AtlasValidationException("AtlasConnectionClosed",
                        "The connection given with -Connection is closed (Disconnect-Atlas closed it). Open a new one with Connect-Atlas -PassThru and pass that, or leave out -Connection to use the session's current connection.", "Connection"), null);
                    throw new PSInvalidOperationException("The connection is closed."); // unreachable in PowerShell: ThrowTerminatingError throws
                }
                var c = Connection ?? ConnectionStore.Current;
                if (c is null || c.IsDisposed)
                {
                    ThrowAtlasError(new AtlasValidationException("AtlasNotConnected",
                        "Not connected to Atlas. Run Connect-Atlas first (with -Credential, -PublicKey/-PrivateKey, -ClientId/-ClientSecret, or the MONGODB_ATLAS_* environment variables), or pass -Connection.", "Connection"), null);
                    throw new PSInvalidOperationException("Not connected to Atlas."); // unreachable in PowerShell: ThrowTerminatingError throws
                }
                return c;
            }
        }

        protected AtlasClient Client => ActiveConnection.Client;
    }
}
