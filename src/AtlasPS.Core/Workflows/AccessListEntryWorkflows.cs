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
    /// <summary>
    /// IP access lists of API keys and service accounts: list, add many entries per principal in one POST,
    /// remove entries (one DELETE each, bounded concurrency). Input is validated and de-duplicated before sending.
    /// </summary>
    public static class AccessListEntryWorkflows
    {
        /// <summary>Validates and de-duplicates entries (canonical form, order kept). Throws before any request.</summary>
        public static IReadOnlyList<AccessListSpec> ValidateEntries(IEnumerable<string>? entries, string parameter = "IpAddress")
        {
            var list = AtlasInput.AccessListEntries(entries, parameter);
            if (list.Count == 0)
                throw new AtlasValidationException("AtlasMissingAccessListEntry",
                    $"Give at least one address or CIDR block with -IpAddress or -CidrBlock, e.g. 203.0.113.7 or 203.0.113.0/24.", parameter);
            return list;
        }

        public static async IAsyncEnumerable<AccessListEntry> ListAsync(AtlasConnection connection, string? organizationId, PrincipalRef principal,
            PageRequest? paging = null, [EnumeratorCancellation] CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            await foreach (var e in principal.Access.ListAccessListAsync(connection, org, paging, ct).ConfigureAwait(false))
                yield return e;
        }

        /// <summary>
        /// Adds the entries to the principal's access list, in POSTs of as many entries as its kind takes (200).
        /// Returns the entries that were asked for, as Atlas now stores them.
        /// </summary>
        public static Task<IReadOnlyList<AccessListEntry>> AddAsync(AtlasConnection connection, string? organizationId, PrincipalRef principal,
            IEnumerable<string> entries, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            var specs = ValidateEntries(entries);
            return principal.Access.AddAccessListAsync(connection, org, specs, ct);
        }

        /// <summary>Removes entries, one DELETE each (CIDR "/" sent as %2F), at most throttleLimit at once. Results in input order.</summary>
        public static async Task<IReadOnlyList<ItemResult<string, bool>>> RemoveAsync(AtlasConnection connection, string? organizationId, PrincipalRef principal,
            IEnumerable<string> entries, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            FanOut.ValidateThrottleLimit(throttleLimit);
            var specs = ValidateEntries(entries);
            using var budget = CommandBudget.For(connection);
            return await FanOut.RunAsync(specs.Select(s => s.Entry).ToList(), throttleLimit, async (e, c) =>
            {
                await principal.Access.RemoveAccessListEntryAsync(connection, org, e, c).ConfigureAwait(false);
                return true;
            }, budget, ct).ConfigureAwait(false);
        }

        /// <summary>The requests a list of entries is sent in (IPrincipalAccess.AccessListEntriesPerRequest each).</summary>
        public static IReadOnlyList<IReadOnlyList<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
            var chunks = new List<IReadOnlyList<T>>();
            for (int i = 0; i < items.Count; i += size) chunks.Add(items.Skip(i).Take(size).ToList());
            return chunks;
        }

    }
}
