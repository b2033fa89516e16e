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

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Retries and per-attempt timeouts (Polly.Core retry strategy):
    /// - 429 and 503 are retried for every method (the answer proves the request was not processed), waiting at least
    ///   Retry-After when given, else exponential backoff with jitter;
    /// - 500/502/504 and transport failures (connection dropped, per-attempt timeout) only for GET, PUT, DELETE;
    ///   a POST or PATCH that may have reached Atlas is never sent twice (except when the connection could not be opened);
    /// - bounded by MaxRetryAttempts and MaxRetryDuration (total, waits included);
    /// - a 429 sets a shared "not before" instant so that other requests of this client in flight back off too.
    /// A per-attempt timeout surfaces as TimeoutException; caller cancellation as OperationCanceledException.
    /// </summary>
    internal sealed class ResilienceHandler : DelegatingHandler
    {
        private static readonly ResiliencePropertyKey<Call> CallKey = new ResiliencePropertyKey<Call>("AtlasPS.Call");
        private static readonly TimeSpan RetryAfterPad = TimeSpan.FromMilliseconds(20);

        private readonly AtlasClientOptions options;
        private readonly AtlasDiagnostics diagnostics;
        private readonly ResiliencePipeline<HttpResponseMessage> pipeline;
        private readonly TimeProvider clock = TimeProvider.System;
        private long notBeforeTicks; // UTC ticks; 0 = none
#if NET8_0_OR_GREATER
        private readonly Random jitter = Random.Shared;
#else
        private readonly Random jitter = new Random();
#endif

        public ResilienceHandler(AtlasClientOptions options, AtlasDiagnostics diagnostics)
        {
            this.options = options;
            this.diagnostics = diagnostics;
            var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    BackoffType = DelayBackoffType.Constant,
                    Delay = TimeSpan.Zero,
                    MaxDelay = null,
                    UseJitter = false,
                    ShouldHandle = args => new ValueTask<bool>(ShouldRetry(args.Context.Properties.GetValue(CallKey, null!), args.Outcome, args.AttemptNumber)),
                    DelayGenerator = args => new ValueTask<TimeSpan?>(args.Context.Properties.GetValue(CallKey, null!).NextDelay),
                    OnRetry = args =>
                    {
                        var call = args.Context.Properties.GetValue(CallKey, null!);
                        diagnostics.Emit(call.Request, args.Outcome.Result is { } r ? (int)r.StatusCode : (int?)null, call.Elapsed,
                            "retry in " + Seconds(args.RetryDelay) + " after " + call.Reason, args.AttemptNumber + 1);
                        return default;
                    },
                });
            }
            pipeline = builder.Build();
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
                var outcome = await pipeline.ExecuteOutcomeAsync(
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
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(options.RequestTimeout);
            HttpResponseMessage? response = null;
            try
            {
                response = await base.SendAsync(call.Request, timeout.Token).ConfigureAwait(false);
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
                    using (timeout.Token.Register(() => r.Dispose()))
                        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
                return response;
            }
            catch (Exception ex) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested && (ex is OperationCanceledException || ex is ObjectDisposedException || ex is HttpRequestException || ex is IOException))
            {
                response?.Dispose();
                throw new TimeoutException(
                    "Atlas did not answer " + Describe(call.Request) + " within " + Seconds(options.RequestTimeout) + " (the per-attempt timeout, RequestTimeout).", ex);
            }
            catch (Exception) when (response != null)
            {
                response.Dispose();
                if (ct.IsCancellationRequested) throw new OperationCanceledException(ct);
                throw;
            }
        }

        private bool ShouldRetry(Call call, Outcome<HttpResponseMessage> outcome, int attemptNumber)
        {
            var request = call.Request;
            bool idempotent = AtlasRequestContext.Get(request)?.IsIdempotent ?? IsIdempotentMethod(request.Method);
            TimeSpan delay;
            if (outcome.Exception is { } ex)
            {
                if (ex is OperationCanceledException) return false; // the caller stopped
                bool transient = ex is TimeoutException || ex is HttpRequestException || ex is IOException;
                if (!transient) return false;
                if (!idempotent && !NeverSent(ex)) { call.NotResent = true; return false; }
                if (!NeverSent(ex)) call.MaybeApplied = true;
                delay = Backoff(attemptNumber);
                call.Reason = ex is TimeoutException ? "a timeout" : "a connection failure (" + ex.GetType().Name + ")";
            }
            else
            {
                var response = outcome.Result!;
                int status = (int)response.StatusCode;
                if (status == 429 || status == 503)
                {
                    var ra = AtlasErrors.RetryAfterOf(response);
                    delay = ra.HasValue ? ra.Value + RetryAfterPad : Backoff(attemptNumber);
                    if (status == 429) PushNotBefore(clock.GetUtcNow() + delay);
                    call.Reason = status.ToString(CultureInfo.InvariantCulture) + (ra.HasValue ? " (Retry-After " + Seconds(ra.Value) + ")" : "");
                }
                else if (idempotent && (status == 500 || status == 502 || status == 504))
                {
                    delay = Backoff(attemptNumber);
                    call.Reason = status.ToString(CultureInfo.InvariantCulture);
                }
                else return false;
            }
            if (call.Elapsed + delay > options.MaxRetryDuration)
            {
                diagnostics.Emit(request, outcome.Result is { } r ? (int)r.StatusCode : (int?)null, call.Elapsed,
                    "not retrying after " + call.Reason + ": waiting " + Seconds(delay) + " would exceed MaxRetryDuration " + Seconds(options.MaxRetryDuration));
                return false;
            }
            call.NextDelay = delay;
            return true;
        }

        private TimeSpan Backoff(int attemptNumber)
        {
            double baseMs = Math.Max(1, options.RetryBaseDelay.TotalMilliseconds) * Math.Pow(2, Math.Min(attemptNumber, 16));
            double factor;
            lock (jitter) factor = 0.5 + jitter.NextDouble() * 0.5; // "equal jitter": between half and the full delay
            return TimeSpan.FromMilliseconds(Math.Min(baseMs * factor, TimeSpan.FromMinutes(5).TotalMilliseconds));
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
            if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ConfigureAwait(false);
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

        private static Exception Explain(Call call, Exception ex)
        {
            if (!call.NotResent) return ex;
            string what = Describe(call.Request);
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
            public TimeSpan NextDelay;
            public string Reason = "";
            public bool NotResent;
            /// <summary>An earlier attempt may have reached Atlas (its answer was lost).</summary>
            public bool MaybeApplied;
            public TimeSpan Elapsed => clock.GetElapsedTime(started);
        }
    }
}
