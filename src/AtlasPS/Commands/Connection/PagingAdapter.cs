using System;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Http;

namespace AtlasPS.Commands
{
    /// <summary>Maps SupportsPaging's -First/-Skip/-IncludeTotalCount onto the core's PageRequest.</summary>
    internal sealed class PagingAdapter
    {
        private long? total;

        public PagingAdapter(PSCmdlet cmdlet)
        {
            var p = cmdlet.PagingParameters;
            Request = new PageRequest
            {
                // -First defaults to ulong.MaxValue when not given.
                First = p is null || p.First >= long.MaxValue ? (long?)null : (long)p.First,
                Skip = p is null ? 0 : (long)Math.Min(p.Skip, (ulong)long.MaxValue),
                OnTotalCount = t => total = t,
            };
            IncludeTotalCount = p != null && p.IncludeTotalCount.IsPresent;
        }

        public PageRequest Request { get; }
        /// <summary>True when neither -First nor -Skip limits what is read (an exact name that matched nothing is then missing).</summary>
        public bool ReadsAll => Request.First is null && Request.Skip == 0;
        public bool IncludeTotalCount { get; }

        /// <summary>Writes the total count object when asked for (on the pipeline thread, after the items).</summary>
        public void WriteTotal(PSCmdlet cmdlet)
        {
            if (!IncludeTotalCount) return;
            var p = cmdlet.PagingParameters;
            cmdlet.WriteObject(total.HasValue ? p.NewTotalCount((ulong)total.Value, 1.0) : p.NewTotalCount(0, 0.0));
        }
    }
}
