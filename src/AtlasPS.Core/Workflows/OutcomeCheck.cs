using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// When the answer to a create POST is lost (the connection failed after the request was sent), the resilience layer
    /// does not send it again and throws an exception marked "outcome unknown". A create workflow then CHECKS instead of
    /// guessing: it lists the objects that match what it asked for (exact description / exact name), compares them with
    /// the ones that matched before the POST, and so knows whether Atlas created something.
    /// A credential created that way is useless: its one-time secret (private key / client secret) was in the lost answer,
    /// so it can be neither handed to the user nor stored. It is deleted again, and the create is sent once more (safe:
    /// the state is known). If that fails too, the error says exactly what was found and what was done.
    /// </summary>
    public static class OutcomeCheck
    {
        /// <summary>True when this exception (or one it wraps) says a non-idempotent request was sent but its outcome is unknown.</summary>
        public static bool IsOutcomeUnknown(Exception? ex) => Http.UnknownOutcome.IsMarked(ex);

        /// <summary>What a create workflow tells the check about the object it creates.</summary>
        internal sealed class Target
        {
            /// <summary>"API key 'nightly export'" — used in messages.</summary>
            public string What = "";
            /// <summary>Error id prefix, e.g. "AtlasApiKey".</summary>
            public string ErrorPrefix = "";
            /// <summary>Ids of the existing objects that match (same description / name), listed before the POST and after a lost answer.</summary>
            public Func<CancellationToken, Task<IReadOnlyCollection<string>>> ListMatchingIds = _ => Task.FromResult<IReadOnlyCollection<string>>(Array.Empty<string>());
            public Func<string, CancellationToken, Task> Delete = (_, __) => Task.CompletedTask;
            /// <summary>The command a user types to find them, e.g. "Get-AtlasApiKey -Description 'x'".</summary>
            public string FindCommand = "";
        }

        /// <summary>
        /// Runs <paramref name="create"/>; on an outcome-unknown failure, finds what it created (ids not present before),
        /// deletes it (its one-time secret was lost), and sends the create once more. At most two POSTs.
        /// </summary>
        internal static async Task<T> CreateCheckedAsync<T>(Target target, Func<CancellationToken, Task<T>> create, CancellationToken ct)
        {
            // One list before the POST: the only way to tell a key created by this call from an older one with the same description.
            var before = new HashSet<string>(await target.ListMatchingIds(ct).ConfigureAwait(false), StringComparer.Ordinal);
            var removed = new List<string>();
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    return await create(ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (IsOutcomeUnknown(ex) && !ct.IsCancellationRequested)
                {
                    // Not the caller's token for the check and cleanup: a half-known state must be settled.
                    using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
                    IReadOnlyCollection<string> now;
                    try { now = await target.ListMatchingIds(cts.Token).ConfigureAwait(false); }
                    catch (Exception checkError)
                    {
                        throw new AtlasWorkflowException(target.ErrorPrefix + "CreateOutcomeUnknown",
                            $"The connection to Atlas failed after the request to create {target.What} was sent, and checking whether Atlas created it failed too ({checkError.Message.TrimEnd('.')}). " +
                            $"Run {target.FindCommand} once Atlas is reachable: a match you do not recognise was created by this command without its secret ever reaching you; remove it, then run the command again.", ex);
                    }
                    var created = now.Where(id => !before.Contains(id)).ToList();
                    foreach (var id in created)
                    {
                        try { await target.Delete(id, cts.Token).ConfigureAwait(false); removed.Add(id); }
                        catch (Exception deleteError)
                        {
                            throw new AtlasWorkflowException(target.ErrorPrefix + "RollbackFailed",
                                $"The connection to Atlas failed after the request to create {target.What} was sent. Atlas did create it ({id}), but its one-time secret was in the lost answer, and deleting it again failed ({deleteError.Message.TrimEnd('.')}). " +
                                $"{id} is left behind without a usable secret: remove it (see {target.FindCommand}), then run the command again.", ex, id);
                        }
                        before.Add(id);
                    }
                    if (attempt >= 2)
                    {
                        string found = removed.Count == 0
                            ? "Atlas created nothing"
                            : $"Atlas had created {string.Join(", ", removed)}, whose one-time secret was lost in transit, and AtlasPS deleted it again";
                        throw new AtlasWorkflowException(target.ErrorPrefix + "NotCreated",
                            $"The connection to Atlas failed twice after the request to create {target.What} was sent. AtlasPS checked: {found}, so nothing is left behind. Check the network or proxy and run the command again.", ex);
                    }
                    // The state is known (nothing of ours exists now): sending the create again cannot make a duplicate.
                }
            }
        }
    }
}
