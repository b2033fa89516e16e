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
                if (!ReferenceEquals(slot.Connection, value)) slot.Connection?.Dispose();
                slot.Connection = value;
            }
        }
    }
}
