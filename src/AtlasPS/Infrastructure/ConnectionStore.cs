using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using AtlasPS.Core;

namespace AtlasPS.Commands
{
    /// <summary>The current connection, one per runspace (so parallel runspaces and jobs do not share state).</summary>
    internal static class ConnectionStore
    {
        private sealed class Holder { public AtlasConnection? Connection; }

        private static readonly ConditionalWeakTable<Runspace, Holder> table = new ConditionalWeakTable<Runspace, Holder>();
        private static readonly Holder noRunspace = new Holder();

        // Connections the user holds (Connect-Atlas -PassThru): replacing the current connection must not close them,
        // so `Get-AtlasOrganization -Connection $a` still works after `$b = Connect-Atlas ... -PassThru`.
        private static readonly ConditionalWeakTable<AtlasConnection, object> handedOut = new ConditionalWeakTable<AtlasConnection, object>();

        public static void MarkHandedOut(AtlasConnection connection) => handedOut.GetValue(connection, _ => new object());

        private static Holder Slot
        {
            get
            {
                var rs = Runspace.DefaultRunspace;
                return rs is null ? noRunspace : table.GetValue(rs, _ => new Holder());
            }
        }

        public static AtlasConnection? Current
        {
            get => Slot.Connection;
            set
            {
                var slot = Slot;
                var previous = slot.Connection;
                if (previous != null && !ReferenceEquals(previous, value) && !handedOut.TryGetValue(previous, out _)) previous.Dispose();
                slot.Connection = value;
            }
        }
    }
}
