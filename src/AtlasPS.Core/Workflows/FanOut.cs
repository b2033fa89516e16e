using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The outcome of one item of a fan-out: a value, or the error of that item alone.</summary>
    public sealed class ItemResult<TIn, TOut>
    {
        internal ItemResult(TIn input, TOut? value, Exception? error) { Input = input; Value = value; Error = error; }
        public TIn Input { get; }
        public TOut? Value { get; }
        public Exception? Error { get; }
        public bool Succeeded => Error is null;
    }

    /// <summary>Runs one async step per item with at most ThrottleLimit in flight; results come back in input order.</summary>
    public static class FanOut
    {
        /// <summary>
        /// Requests in flight per fan-out. 10 (the same as <see cref="AtlasClientOptions.PageConcurrency"/>) lets 50
        /// project grants finish in 5 round trips (about 0.25 s at 50 ms) while staying far below what one credential may
        /// burst; a 429 makes the whole client wait for Retry-After anyway.
        /// </summary>
        public const int DefaultThrottleLimit = 10;
        public const int MaxThrottleLimit = 32;

        public static int ValidateThrottleLimit(int throttleLimit)
        {
            if (throttleLimit < 1 || throttleLimit > MaxThrottleLimit)
                throw new AtlasValidationException("AtlasInvalidThrottleLimit",
                    $"-ThrottleLimit {throttleLimit} is out of range: give 1 to {MaxThrottleLimit} (default {DefaultThrottleLimit}). Atlas rate-limits each credential, so more is rarely faster.", "ThrottleLimit", throttleLimit);
            return throttleLimit;
        }

        /// <summary>
        /// Per-item failures are collected (not thrown) so one bad project does not abort the rest. Cancellation is
        /// the exception: it stops everything and is thrown.
        /// </summary>
        public static async Task<IReadOnlyList<ItemResult<TIn, TOut>>> RunAsync<TIn, TOut>(IReadOnlyList<TIn> items, int throttleLimit,
            Func<TIn, CancellationToken, Task<TOut>> step, CancellationToken ct)
        {
            using var gate = new SemaphoreSlim(Math.Max(1, throttleLimit));
            var progress = AtlasProgressScope.Counter(items.Count, "items");
            var tasks = items.Select(async item =>
            {
                await gate.WaitAsync(ct).ConfigureAwait(false);
                try
                {
                    var v = await step(item, ct).ConfigureAwait(false);
                    return new ItemResult<TIn, TOut>(item, v, null);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
                catch (Exception ex) { return new ItemResult<TIn, TOut>(item, default, ex); }
                finally { gate.Release(); progress.Step(); }
            }).ToList();
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }

    /// <summary>The principal a shared access-list / project-access command works on.</summary>
    public sealed class PrincipalRef
    {
        private PrincipalRef(PrincipalType type, string id, string? organizationId) { Type = type; Id = id; OrganizationId = organizationId; }
        public PrincipalType Type { get; }
        /// <summary>The API key id, or the service account's client id.</summary>
        public string Id { get; }
        /// <summary>Service accounts: the organization (null = the connection's). API-key project calls need none.</summary>
        public string? OrganizationId { get; }

        public static PrincipalRef ApiKey(string apiKeyId) => new PrincipalRef(PrincipalType.ApiKey, Validation.AtlasInput.ApiKeyId(apiKeyId), null);
        public static PrincipalRef ServiceAccount(string clientId, string? organizationId = null) =>
            new PrincipalRef(PrincipalType.ServiceAccount, Validation.AtlasInput.ClientId(clientId),
                string.IsNullOrWhiteSpace(organizationId) ? null : Validation.AtlasInput.OrganizationId(organizationId!));

        /// <summary>Same principal (type, id and organization).</summary>
        public string Key => Type + "|" + Id + "|" + OrganizationId;

        public override string ToString() => (Type == PrincipalType.ApiKey ? "API key " : "service account ") + Id;

        internal static NotSupportedException NotYet(PrincipalRef p) =>
            new NotSupportedException($"Service accounts are not supported by this command yet ({p}).");
    }
}
