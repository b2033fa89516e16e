using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Dsc
{
    /// <summary>Organization project listing by name, and the shared apply steps.</summary>
    public static class DscProjects
    {
        public static async Task<IReadOnlyDictionary<string, string>> ByNameAsync(AtlasConnection connection, string org, CancellationToken ct)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            await foreach (var p in connection.Client.Projects.ListAsync(org, null, ct).ConfigureAwait(false))
                if (!map.ContainsKey(p.Name)) map[p.Name] = p.Id;
            return map;
        }
    }
}
