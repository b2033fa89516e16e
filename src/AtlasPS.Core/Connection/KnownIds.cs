using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;

namespace AtlasPS.Core
{
    /// <summary>Thread-safe memory of ids and names seen through a connection.</summary>
    public sealed class KnownIds
    {
        private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> byKind =
            new ConcurrentDictionary<string, ConcurrentDictionary<string, string>>(StringComparer.OrdinalIgnoreCase);

        public void Remember(string kind, string id, string? label)
        {
            if (string.IsNullOrEmpty(id)) return;
            byKind.GetOrAdd(kind, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[id] = label ?? "";
        }

        public void Forget(string kind, string id)
        {
            if (byKind.TryGetValue(kind, out var d)) d.TryRemove(id, out _);
        }

        /// <summary>(id, label) pairs of a kind, ordered by label.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Get(string kind) =>
            byKind.TryGetValue(kind, out var d) ? d.OrderBy(p => p.Value, StringComparer.OrdinalIgnoreCase).ToList() : new List<KeyValuePair<string, string>>();
    }
}
