using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// Ids for tab completion. What the connection has already seen comes first (no request). When it has seen nothing of
    /// a kind, the first page of that kind is read from Atlas within a short time budget: a Tab press must answer quickly,
    /// so a slow or unreachable Atlas yields no suggestions instead of a hanging prompt. Each kind is fetched at most once
    /// per connection at a time, and not again once something is known.
    /// </summary>
    public static class CompletionSource
    {
        /// <summary>How long a Tab press may wait for Atlas when nothing is cached.</summary>
        public static readonly TimeSpan DefaultBudget = TimeSpan.FromSeconds(2);

        /// <summary>Items read for completion: one page, no paging beyond it.</summary>
        public const int PageSize = 100;

        /// <summary>
        /// The (id, label) pairs of <paramref name="kind"/> for <paramref name="connection"/>, reading the first page from Atlas
        /// when none is known; returns what is known when the budget runs out or the read fails.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, string>> Get(AtlasConnection connection, string kind, TimeSpan budget)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            var known = connection.Known.Get(kind);
            if (known.Count > 0 || connection.IsDisposed) return known;
            using (var cts = new CancellationTokenSource(budget))
            {
                try
                {
                    var fetch = Task.Run(() => FetchAsync(connection, kind, cts.Token), cts.Token);
                    fetch.Wait(budget);
                }
                catch (AggregateException) { /* nothing to suggest */ }
                catch (OperationCanceledException) { }
                finally { cts.Cancel(); }
            }
            return connection.Known.Get(kind);
        }

        /// <summary>Reads the first page of a kind; the list workflows remember every id they see.</summary>
        public static async Task FetchAsync(AtlasConnection connection, string kind, CancellationToken ct)
        {
            var page = new PageRequest { First = PageSize, ItemsPerPage = PageSize, Concurrent = false };
            if (string.Equals(kind, OrganizationWorkflows.KnownKind, StringComparison.OrdinalIgnoreCase))
            {
                await foreach (var _ in OrganizationWorkflows.ListAsync(connection, null, page, ct).ConfigureAwait(false)) { }
            }
            else if (string.Equals(kind, ProjectWorkflows.KnownKind, StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrEmpty(connection.OrganizationId)) return;
                await foreach (var _ in ProjectWorkflows.ListAsync(connection, null, null, page, ct).ConfigureAwait(false)) { }
            }
            else if (string.Equals(kind, ApiKeyWorkflows.KnownKind, StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrEmpty(connection.OrganizationId)) return;
                await foreach (var _ in ApiKeyWorkflows.ListAsync(connection, null, null, null, page, ct).ConfigureAwait(false)) { }
            }
            else if (string.Equals(kind, ServiceAccountWorkflows.KnownKind, StringComparison.OrdinalIgnoreCase))
            {
                if (string.IsNullOrEmpty(connection.OrganizationId)) return;
                await foreach (var _ in ServiceAccountWorkflows.ListAsync(connection, null, page, ct).ConfigureAwait(false)) { }
            }
        }
    }
}
