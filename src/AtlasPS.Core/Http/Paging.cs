using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Fetches one page through an <see cref="IAtlasApi"/> list method. includeCount is a request; a list whose
    /// operation declares no includeCount parameter (service-account lists) has no such parameter and ignores it.
    /// </summary>
    internal delegate Task<Paginated<TItem>> PageFetch<TItem>(int pageNum, int itemsPerPage, bool includeCount, CancellationToken ct) where TItem : class;

    internal static class Pager
    {
        /// <summary>
        /// Streams the items of a paginated list. The first page asks for includeCount; when it says more pages
        /// exist, they are fetched concurrently (bounded by PageConcurrency) and yielded in order. Stops on a
        /// short page whatever totalCount said (it is only an estimate).
        /// </summary>
        public static async IAsyncEnumerable<TItem> PageAsync<TItem>(AtlasHttp http, PageFetch<TItem> fetch,
            PageRequest? paging, [EnumeratorCancellation] CancellationToken ct) where TItem : class
        {
            paging ??= PageRequest.All;
            int size = Math.Max(1, Math.Min(PageRequest.MaxItemsPerPage, paging.ItemsPerPage));
            if (paging.First.HasValue && paging.First.Value <= 0) yield break;
            // -First 2 asks Atlas for 2 items, not a page of 500: one page holding exactly what is needed when it fits.
            if (paging.First is long wanted && wanted < size && paging.Skip < size && wanted + paging.Skip < size) size = (int)(wanted + paging.Skip);
            // Start at the page holding item #Skip; skip the rest inside that page.
            int startPage = (int)(paging.Skip / size) + 1;
            long skipInFirst = paging.Skip % size;
            long remaining = paging.First ?? long.MaxValue;

            var first = await GetPageAsync(fetch, startPage, size, true, ct).ConfigureAwait(false);
            if (first.TotalCount.HasValue) paging.OnTotalCount?.Invoke(first.TotalCount.Value);

            foreach (var item in Slice(first.Results, skipInFirst))
            {
                if (remaining-- <= 0) yield break;
                yield return item;
            }
            if (first.Results.Count < size || remaining <= 0) yield break;

            int concurrency = Math.Max(1, http.Options.PageConcurrency);
            if (paging.Concurrent && concurrency > 1 && first.TotalCount.HasValue)
            {
                long neededItems = Math.Min(first.TotalCount.Value - (long)startPage * size, remaining);
                int lastPage = startPage + (int)Math.Ceiling(Math.Max(0, neededItems) / (double)size);
                // When the count says the last page is exactly full, ask for the page after it in the same window:
                // totalCount is only an estimate, and this answers "is there more?" without one more round trip.
                if (neededItems < remaining && neededItems % size == 0) lastPage++;
                int next = startPage + 1;
                var window = new Queue<Task<Paginated<TItem>>>();
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
                try
                {
                    while (next <= lastPage || window.Count > 0)
                    {
                        while (next <= lastPage && window.Count < concurrency)
                            window.Enqueue(GetPageAsync(fetch, next++, size, false, linked.Token));
                        var page = await window.Dequeue().ConfigureAwait(false);
                        foreach (var item in page.Results)
                        {
                            if (remaining-- <= 0) yield break;
                            yield return item;
                        }
                        if (page.Results.Count < size) yield break;
                    }
                }
                finally
                {
                    linked.Cancel();
                    foreach (var t in window) { try { await t.ConfigureAwait(false); } catch (Exception) { /* abandoned page */ } }
                }
                // totalCount was an underestimate: carry on sequentially (unless -First is already satisfied).
                if (remaining <= 0) yield break;
                startPage = lastPage;
            }

            for (int pageNum = startPage + 1; ; pageNum++)
            {
                var page = await GetPageAsync(fetch, pageNum, size, false, ct).ConfigureAwait(false);
                foreach (var item in page.Results)
                {
                    if (remaining-- <= 0) yield break;
                    yield return item;
                }
                if (page.Results.Count < size) yield break;
            }
        }

        private static IEnumerable<T> Slice<T>(List<T> items, long skip)
        {
            for (int i = (int)Math.Min(skip, items.Count); i < items.Count; i++) yield return items[i];
        }

        internal static async Task<Paginated<TItem>> GetPageAsync<TItem>(PageFetch<TItem> fetch, int pageNum, int itemsPerPage, bool includeCount,
            CancellationToken ct) where TItem : class =>
            await fetch(pageNum, itemsPerPage, includeCount, ct).ConfigureAwait(false) ?? new Paginated<TItem>();
    }
}
