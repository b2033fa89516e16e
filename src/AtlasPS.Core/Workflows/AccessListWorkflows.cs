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
    public static class AccessListWorkflows
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
            IAsyncEnumerable<AccessListEntry> source = principal.Type switch
            {
                PrincipalType.ApiKey => connection.Client.ApiKeys.ListAccessListAsync(org, principal.Id, paging, ct),
                PrincipalType.ServiceAccount => ServiceAccountAccessListWorkflows.ListAsync(connection, org, principal.Id, paging, ct),
                _ => throw PrincipalRef.NotYet(principal),
            };
            await foreach (var e in source.ConfigureAwait(false))
                yield return e;
        }

        /// <summary>
        /// Adds the entries to the principal's access list. API keys take them all in one POST (chunks of 500, the page
        /// size of Atlas's answer). Returns the entries that were asked for, as Atlas now stores them.
        /// </summary>
        public static async Task<IReadOnlyList<AccessListEntry>> AddAsync(AtlasConnection connection, string? organizationId, PrincipalRef principal,
            IEnumerable<string> entries, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            var specs = ValidateEntries(entries);
            var wanted = new HashSet<string>(specs.Select(s => s.CidrBlock ?? ToCidr(s.IpAddress!)), StringComparer.OrdinalIgnoreCase);
            var stored = new List<AccessListEntry>();
            switch (principal.Type)
            {
                case PrincipalType.ApiKey:
                    try
                    {
                        foreach (var chunk in Chunk(specs, ApiKeyWorkflows.AccessListEntriesPerRequest))
                            stored.AddRange(await connection.Client.ApiKeys.AddAccessListAsync(org, principal.Id, chunk, ct).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (OutcomeCheck.IsOutcomeUnknown(ex) && !ct.IsCancellationRequested)
                    {
                        // The answer was lost: check what Atlas now has instead of guessing (never report a partial list as done).
                        stored.Clear();
                        try
                        {
                            await foreach (var e in connection.Client.ApiKeys.ListAccessListAsync(org, principal.Id, null, ct).ConfigureAwait(false)) stored.Add(e);
                        }
                        catch (Exception checkError)
                        {
                            throw new AtlasWorkflowException("AtlasAccessListOutcomeUnknown",
                                $"The connection to Atlas failed after the access-list entries for {principal} were sent, and reading the list back failed too ({checkError.Message.TrimEnd('.')}). Check it with Get-AtlasAccessListEntry and add what is missing.", ex);
                        }
                        var have = new HashSet<string>(stored.Select(e => e.CidrBlock), StringComparer.OrdinalIgnoreCase);
                        var missing = specs.Where(s => !have.Contains(s.CidrBlock ?? ToCidr(s.IpAddress!))).Select(s => s.Entry).ToList();
                        if (missing.Count > 0)
                            throw new AtlasWorkflowException("AtlasAccessListNotApplied",
                                $"The connection to Atlas failed after the access-list entries for {principal} were sent. AtlasPS checked: {specs.Count - missing.Count} of {specs.Count} entries are on the list; missing: {string.Join(", ", missing)}. Add the missing entries again.", ex);
                    }
                    break;
                case PrincipalType.ServiceAccount:
                    // Chunks of ServiceAccountsClient.MaxAccessListEntriesPerRequest (200); answers in input order.
                    return await ServiceAccountAccessListWorkflows.AddValidatedAsync(connection, org, principal.Id, specs, ct).ConfigureAwait(false);
                default:
                    throw PrincipalRef.NotYet(principal);
            }
            // The POST answers with (a page of) the whole list: return the entries that were asked for.
            var mine = stored.Where(e => wanted.Contains(e.CidrBlock) || (e.IpAddress != null && wanted.Contains(ToCidr(e.IpAddress))))
                .GroupBy(e => e.CidrBlock, StringComparer.OrdinalIgnoreCase).Select(g => g.First()).ToList();
            return mine.Count > 0 ? mine : stored;
        }

        /// <summary>Removes entries, one DELETE each (CIDR "/" sent as %2F), at most throttleLimit at once. Results in input order.</summary>
        public static async Task<IReadOnlyList<ItemResult<string, bool>>> RemoveAsync(AtlasConnection connection, string? organizationId, PrincipalRef principal,
            IEnumerable<string> entries, int throttleLimit = FanOut.DefaultThrottleLimit, CancellationToken ct = default)
        {
            string org = connection.RequireOrganizationId(organizationId);
            FanOut.ValidateThrottleLimit(throttleLimit);
            var specs = ValidateEntries(entries);
            Func<string, CancellationToken, Task> delete = principal.Type switch
            {
                PrincipalType.ApiKey => (e, c) => connection.Client.ApiKeys.RemoveAccessListEntryAsync(org, principal.Id, e, c),
                PrincipalType.ServiceAccount => (e, c) => ServiceAccountAccessListWorkflows.RemoveAsync(connection, org, principal.Id, e, c),
                _ => throw PrincipalRef.NotYet(principal),
            };
            return await FanOut.RunAsync(specs.Select(s => s.Entry).ToList(), throttleLimit, async (e, c) =>
            {
                await delete(e, c).ConfigureAwait(false);
                return true;
            }, ct).ConfigureAwait(false);
        }

        /// <summary>The requests a list of entries is sent in: API keys take 500 (a page of the answer), service accounts 200.</summary>
        public static IReadOnlyList<IReadOnlyList<T>> Chunk<T>(IReadOnlyList<T> items, int size)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
            var chunks = new List<IReadOnlyList<T>>();
            for (int i = 0; i < items.Count; i += size) chunks.Add(items.Skip(i).Take(size).ToList());
            return chunks;
        }

        private static string ToCidr(string ip) => ip + (ip.Contains(":") ? "/128" : "/32");
    }
}
