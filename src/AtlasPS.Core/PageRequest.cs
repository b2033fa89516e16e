using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core
{
    /// <summary>What part of a list to read. Maps onto pageNum/itemsPerPage/includeCount (and -First/-Skip in PowerShell).</summary>
    public sealed class PageRequest
    {
        public const int MaxItemsPerPage = 500;
        /// <summary>Stop after this many items (null: all).</summary>
        public long? First { get; set; }
        /// <summary>Items to pass over before the first one returned.</summary>
        public long Skip { get; set; }
        public int ItemsPerPage { get; set; } = MaxItemsPerPage;
        /// <summary>Fetch the remaining pages concurrently once the first page has told the total.</summary>
        public bool Concurrent { get; set; } = true;
        /// <summary>Called once with Atlas's totalCount (an estimate), when Atlas gives one.</summary>
        public Action<long>? OnTotalCount { get; set; }

        public static PageRequest All => new PageRequest();
    }
}
