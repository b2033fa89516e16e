using System;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Retries and per-attempt timeouts, as Polly.Core strategies on the options' clock (AtlasClientOptions.TimeProvider):
    /// - a retry strategy with exponential backoff and jitter (RetryBaseDelay, RetryBaseDelay*2, ...); its
    ///   DelayGenerator answers Atlas's Retry-After when a 429/503 gives one, else null (Polly's backoff);
    /// - 429 and 503 are retried for every method (the answer proves the request was not processed);
    /// - 500/502/504 and transport failures (connection dropped, per-attempt timeout) only for GET, PUT, DELETE;
    ///   a POST or PATCH that may have reached Atlas is never sent twice (except when the connection could not be opened);
    /// - bounded by MaxRetryAttempts and MaxRetryDuration (total, waits included);
    /// - Polly's timeout strategy per attempt (RequestTimeout);
    /// - a 429 sets a shared "not before" instant so that other requests of this client in flight back off too.
    /// A per-attempt timeout surfaces as TimeoutException; caller cancellation as OperationCanceledException.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<Call> CallKey = new ResiliencePropertyKey<Call>("AtlasPS.Call");
        private static readonly TimeSpan RetryAfterPad = TimeSpan.FromMilliseconds(20);
        private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);

        private readonly AtlasClientOptions options;
        private readonly AtlasDiagnostics diagnostics;
        private readonly ResiliencePipeline<HttpResponseMessage> retry;
        private readonly ResiliencePipeline attemptTimeout;
        private readonly TimeProvider clock;
        private long notBeforeTicks; // UTC ticks; 0 = none

        public ResilienceHandler(AtlasClientOptions options, AtlasDiagnostics diagnostics)
        {
            this.options = options;
            this.diagnostics = diagnostics;
            clock = options.TimeProvider ?? TimeProvider.System;

            var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock };
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay > TimeSpan.Zero ? options.RetryBaseDelay : TimeSpan.FromMilliseconds(1),
                    MaxDelay = MaxBackoff,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context.Properties.GetValue(CallKey, null!), args.Outcome, args.AttemptNumber)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome) is TimeSpan ra ? ra + RetryAfterPad : (TimeSpan?)null),
                    OnRetry = args =>
                    {
                        var call = args.Context.Properties.GetValue(CallKey, null!);
                        int? status = args.Outcome.Result is { } r ? (int)r.StatusCode : (int?)null;
                        if (status == 429) PushNotBefore(clock.GetUtcNow() + args.RetryDelay);
                        if (args.Outcome.Exception is { } ex && !NeverSent(ex)) call.MaybeApplied = true;
                        diagnostics.Emit(call.Request, status, call.Elapsed,
                            "retry in " + Seconds(args.RetryDelay) + " after " + Reason(args.Outcome), args.AttemptNumber + 1);
                        return default;
                    },
                });
            }
            retry = builder.Build();

            var timeout = new ResiliencePipelineBuilder { TimeProvider = clock };
            if (options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
                timeout.AddTimeout(options.RequestTimeout);
            attemptTimeout = timeout.Build();
        }

        /// <summary>The instant before which no request of this client is sent (after a 429), for tests.</summary>
        internal DateTimeOffset? NotBefore { get { long t = Interlocked.Read(ref notBeforeTicks); return t == 0 ? null : new DateTimeOffset(t, TimeSpan.Zero); } }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var call = new Call(request, clock);
            var context = ResilienceContextPool.Shared.Get(cancellationToken);
            context.Properties.Set(CallKey, call);
            try
            {
                var outcome = await retry.ExecuteOutcomeAsync(
                    static async (ctx, state) =>
                    {
                        try { return Outcome.FromResult(await state.handler.AttemptAsync(state.call, ctx.CancellationToken).ConfigureAwait(false)); }
                        catch (Exception ex) { return Outcome.FromException<HttpResponseMessage>(ex); }
                    }, context, (handler: this, call)).ConfigureAwait(false);
                if (outcome.Exception != null) throw Explain(call, outcome.Exception);
                return outcome.Result!;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }

        private async Task<HttpResponseMessage> AttemptAsync(Call call, CancellationToken ct)
        {
            call.Attempt++;
            AtlasRequestContext.SetAttempt(call.Request, call.Attempt);
            await WaitNotBeforeAsync(ct).ConfigureAwait(false);
            try
            {
                return await attemptTimeout.ExecuteAsync(
                    static (state, t) => new ValueTask<HttpResponseMessage>(state.handler.SendOnceAsync(state.call, t)),
                    (handler: this, call), ct).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex)
            {
                throw new TimeoutException(
                    "Atlas did not answer " + Describe(call.Request) + " within " + Seconds(options.RequestTimeout) + " (the per-attempt timeout, RequestTimeout).", ex);
            }
        }

        /// <summary>One attempt under Polly's per-attempt timeout: its token cancels the send and the body read.</summary>
        private async Task<HttpResponseMessage> SendOnceAsync(Call call, CancellationToken attemptToken)
        {
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(call.Request, attemptToken).ConfigureAwait(false);
                if (call.MaybeApplied && response.StatusCode == HttpStatusCode.NotFound && call.Request.Method == HttpMethod.Delete)
                {
                    // An earlier attempt of this DELETE was sent and its answer lost; "not found" now means that attempt deleted it.
                    diagnostics.Emit(call.Request, 404, call.Elapsed, "404 on a resent DELETE after a lost answer: the earlier attempt had deleted it; reported as done", call.Attempt);
                    response.Dispose();
                    return new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = call.Request };
                }
                if (response.Content != null)
                {
                    // Read the body inside the attempt so that a connection dropped mid-body is retried like any drop.
                    var r = response;
                    using (attemptToken.Register(() => r.Dispose()))
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
                return response;
            }
            catch (Exception ex) when (attemptToken.IsCancellationRequested && (ex is ObjectDisposedException || ex is HttpRequestException || ex is IOException))
            {
                // Cancelled mid-body: let the timeout strategy (or the caller's cancellation) tell what happened.
                response?.Dispose();
                throw new OperationCanceledException("The attempt was cancelled.", ex, attemptToken);
            }
            catch (Exception) when (response != null)
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>Which outcomes are worth another attempt, and whether the wait fits MaxRetryDuration. No side effects.</summary>
        private bool ShouldRetry(Call call, Outcome<HttpResponseMessage> outcome, int attemptNumber)
        {
            if (!IsRetryable(call.Request, outcome)) return false;
            // The wait Polly will use: Retry-After when Atlas gave one, else the exponential backoff (before jitter).
            TimeSpan wait = RetryAfter(outcome) is TimeSpan ra ? ra + RetryAfterPad : Backoff(attemptNumber);
            if (call.Elapsed + wait <= options.MaxRetryDuration) return true;
            diagnostics.Emit(call.Request, outcome.Result is { } r ? (int)r.StatusCode : (int?)null, call.Elapsed,
                "not retrying after " + Reason(outcome) + ": waiting " + Seconds(wait) + " would exceed MaxRetryDuration " + Seconds(options.MaxRetryDuration));
            return false;
        }

        private static bool IsRetryable(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome)
        {
            bool idempotent = AtlasRequestContext.Get(request)?.IsIdempotent ?? IsIdempotentMethod(request.Method);
            if (outcome.Exception is { } ex)
            {
                if (!IsTransient(ex)) return false; // includes the caller's cancellation
                return idempotent || NeverSent(ex);
            }
            int status = (int)outcome.Result!.StatusCode;
            return status == 429 || status == 503 || (idempotent && (status == 500 || status == 502 || status == 504));
        }

        private static bool IsTransient(Exception ex) => ex is TimeoutException || ex is HttpRequestException || ex is IOException;

        private TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Result is not { } response) return null;
            int status = (int)response.StatusCode;
            return status == 429 || status == 503 ? AtlasErrors.RetryAfterOf(response, clock) : null;
        }

        private TimeSpan Backoff(int attemptNumber)
        {
            double ms = Math.Max(1, options.RetryBaseDelay.TotalMilliseconds) * Math.Pow(2, Math.Min(attemptNumber, 16));
            return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
        }

        private static string Reason(Outcome<HttpResponseMessage> outcome)
        {
            if (outcome.Exception is { } ex) return ex is TimeoutException ? "a timeout" : "a connection failure (" + ex.GetType().Name + ")";
            var response = outcome.Result!;
            int status = (int)response.StatusCode;
            var ra = response.Headers.RetryAfter?.Delta;
            return status.ToString(CultureInfo.InvariantCulture) + (ra.HasValue && (status == 429 || status == 503) ? " (Retry-After " + Seconds(ra.Value) + ")" : "");
        }

        private void PushNotBefore(DateTimeOffset until)
        {
            long want = until.UtcTicks;
            long seen;
            do
            {
                seen = Interlocked.Read(ref notBeforeTicks);
                if (seen >= want) return;
            }
            while (Interlocked.CompareExchange(ref notBeforeTicks, want, seen) != seen);
        }

        private async Task WaitNotBeforeAsync(CancellationToken ct)
        {
            long t = Interlocked.Read(ref notBeforeTicks);
            if (t == 0) return;
            var wait = new DateTimeOffset(t, TimeSpan.Zero) - clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await AtlasClock.Delay(clock, wait, ct).ConfigureAwait(false);
        }

        /// <summary>True when the failure proves the request never left (the connection could not be opened).</summary>
        private static bool NeverSent(Exception ex)
        {
#if NET8_0_OR_GREATER
            if (ex is HttpRequestException h && h.HttpRequestError == HttpRequestError.ConnectionError) return true;
#endif
            for (var e = ex.InnerException; e != null; e = e.InnerException)
                if (e is SocketException s && (s.SocketErrorCode == SocketError.ConnectionRefused || s.SocketErrorCode == SocketError.HostNotFound)) return true;
            return false;
        }

        /// <summary>A POST or PATCH that failed after it may have reached Atlas was not resent: say so, and mark the outcome unknown.</summary>
        private static Exception Explain(Call call, Exception ex)
        {
            var request = call.Request;
            bool idempotent = AtlasRequestContext.Get(request)?.IsIdempotent ?? IsIdempotentMethod(request.Method);
            if (idempotent || !IsTransient(ex) || NeverSent(ex)) return ex;
            string what = Describe(request);
            const string advice = "AtlasPS did not send it again because Atlas may already have applied it; check whether the change happened before trying again.";
            // Marked so that create workflows can check what happened instead of guessing.
            Exception unknown = ex is TimeoutException
                ? new TimeoutException(ex.Message + " " + advice, ex)
                : new HttpRequestException("the connection failed after " + what + " was sent (" + ex.Message + "). " + advice, ex);
            UnknownOutcome.Mark(unknown);
            return unknown;
        }

        private static string Describe(HttpRequestMessage request)
        {
            var op = AtlasRequestContext.Get(request);
            return request.Method.Method + " " + AtlasDiagnostics.PathOf(request.RequestUri) + (op != null ? " (" + op.OperationId + ")" : "");
        }

        internal static bool IsIdempotentMethod(HttpMethod m) => m == HttpMethod.Get || m == HttpMethod.Put || m == HttpMethod.Delete || m == HttpMethod.Head;

        private static string Seconds(TimeSpan t) =>
            t.TotalSeconds >= 10 || t.TotalSeconds == Math.Floor(t.TotalSeconds)
                ? t.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + "s"
                : t.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture) + "s";

        private sealed class Call
        {
            private readonly long started;
            private readonly TimeProvider clock;
            public Call(HttpRequestMessage request, TimeProvider clock) { Request = request; this.clock = clock; started = clock.GetTimestamp(); }
            public HttpRequestMessage Request { get; }
            public int Attempt;
            /// <summary>An earlier attempt may have reached Atlas (its answer was lost).</summary>
            public bool MaybeApplied;
            public TimeSpan Elapsed => clock.GetElapsedTime(started);
        }
    }
}
