using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>A service account's API access list (the addresses its tokens may be used from).</summary>
    public static class ServiceAccountAccessListWorkflows
    {
        public static async IAsyncEnumerable<AccessListEntry> ListAsync(AtlasConnection connection, string? orgId, string clientId,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            await foreach (var e in connection.Client.ServiceAccounts.ListAccessListAsync(org, id, paging, ct).ConfigureAwait(false))
                yield return e;
        }

        /// <summary>
        /// Validates every entry first, then adds them in POSTs of at most ServiceAccountsClient.MaxAccessListEntriesPerRequest (200),
        /// one after the other. Returns the added entries as Atlas stored them, in input order.
        /// </summary>
        public static Task<IReadOnlyList<AccessListEntry>> AddAsync(AtlasConnection connection, string? orgId, string clientId,
            IEnumerable<string> entries, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            var specs = AtlasInput.AccessListEntries(entries, "IpAddress");
            if (specs.Count == 0)
                throw new AtlasValidationException("AtlasMissingValue", "Give at least one IP address or CIDR block with -IpAddress, e.g. 203.0.113.7 or 198.51.100.0/24.", "IpAddress");
            return AddValidatedAsync(connection, org, id, specs, ct);
        }

        internal static async Task<IReadOnlyList<AccessListEntry>> AddValidatedAsync(AtlasConnection connection, string orgId, string clientId,
            IReadOnlyList<AccessListSpec> specs, CancellationToken ct)
        {
            var stored = new Dictionary<string, AccessListEntry>(StringComparer.OrdinalIgnoreCase);
            foreach (var chunk in AccessListEntryWorkflows.Chunk(specs, ServiceAccountsClient.MaxAccessListEntriesPerRequest))
            {
                var list = await connection.Client.ServiceAccounts.AddAccessListAsync(orgId, clientId, chunk, ct).ConfigureAwait(false);
                foreach (var e in list) { stored[e.CidrBlock] = e; if (e.IpAddress != null) stored[e.IpAddress] = e; }
            }
            var result = new List<AccessListEntry>();
            foreach (var s in specs)
            {
                if (stored.TryGetValue(s.Entry, out var e)) result.Add(e);
                else result.Add(new AccessListEntry
                {
                    PrincipalType = PrincipalType.ServiceAccount, OrgId = orgId, ClientId = clientId, IpAddress = s.IpAddress,
                    CidrBlock = s.CidrBlock ?? AtlasInput.CidrOf(s.IpAddress!),
                });
            }
            return result;
        }

        /// <summary>Removes one entry (address or CIDR block). Atlas refuses to remove the address the request comes from.</summary>
        public static Task RemoveAsync(AtlasConnection connection, string? orgId, string clientId, string entry, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(orgId);
            string id = AtlasInput.ClientId(clientId);
            var spec = AtlasInput.AccessListEntry(entry, "IpAddress");
            return connection.Client.ServiceAccounts.RemoveAccessListEntryAsync(org, id, spec.Entry, ct);
        }
    }
}
