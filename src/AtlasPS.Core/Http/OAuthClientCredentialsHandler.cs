using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// OAuth 2.0 client credentials for service accounts: exchanges client id + secret for a bearer token at
    /// POST {base}/api/oauth/token, caches it, refreshes it shortly before it expires (single flight), refreshes once
    /// on a 401 from the API, and revokes it (best effort) when the client is disposed.
    /// </summary>
    internal sealed class OAuthClientCredentialsHandler : DelegatingHandler
    {
        internal const string TokenPath = "/api/oauth/token";
        internal const string RevokePath = "/api/oauth/revoke";
        private static readonly TimeSpan RefreshMargin = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan RejectionQuietPeriod = TimeSpan.FromSeconds(60);

        private readonly ServiceAccountCredential credential;
        private readonly AtlasClientOptions options;
        private readonly AtlasDiagnostics diagnostics;
        private readonly Uri tokenUri;
        private readonly Uri revokeUri;
        private readonly SemaphoreSlim refreshLock = new SemaphoreSlim(1, 1);
        private CachedToken? token;
        private int tokenRequests;
        private int revoked;

        public OAuthClientCredentialsHandler(ServiceAccountCredential credential, AtlasClientOptions options, Uri baseUri, AtlasDiagnostics diagnostics)
        {
            this.credential = credential;
            this.options = options;
            this.diagnostics = diagnostics;
            tokenUri = new Uri(baseUri, TokenPath);
            revokeUri = new Uri(baseUri, RevokePath);
        }

        /// <summary>How many token requests were answered with a token (tests).</summary>
        internal int TokenRequests => Volatile.Read(ref tokenRequests);

        /// <summary>When the cached token will be refreshed (tests), or null.</summary>
        internal DateTimeOffset? RefreshAt => Volatile.Read(ref token)?.RefreshAt;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var used = await GetTokenAsync(null, cancellationToken).ConfigureAwait(false);
            Authorize(request, used);
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) return response;

            // The token may have been revoked or expired early: get a new one once and retry (the 401 proves nothing was done).
            // A token fetched moments ago because of a 401 is not replaced again: the refusal is about something else
            // (roles, access list), and a token request per call would only get the client rate limited.
            if (used.AfterRejection && options.TimeProvider.GetUtcNow() - used.ObtainedAt < RejectionQuietPeriod) return response;
            response.Dispose();
            var fresh = await GetTokenAsync(used, cancellationToken).ConfigureAwait(false);
            Authorize(request, fresh);
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        private static void Authorize(HttpRequestMessage request, CachedToken t) =>
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(t.AccessToken));

        /// <summary>The cached token when still fresh and not `rejected`; else one caller fetches a new one and the others wait for it.</summary>
        private async Task<CachedToken> GetTokenAsync(CachedToken? rejected, CancellationToken ct)
        {
            var current = Volatile.Read(ref token);
            if (current != null && current != rejected && options.TimeProvider.GetUtcNow() < current.RefreshAt) return current;
            await refreshLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                current = Volatile.Read(ref token);
                if (current != null && current != rejected && options.TimeProvider.GetUtcNow() < current.RefreshAt) return current;
                var fresh = await RequestTokenAsync(ct).ConfigureAwait(false);
                fresh.AfterRejection = rejected != null;
                // The old SecureString is not disposed: a concurrent request may still be reading it.
                Volatile.Write(ref token, fresh);
                return fresh;
            }
            finally
            {
                refreshLock.Release();
            }
        }

        private HttpRequestMessage TokenRequest(Uri uri, string form)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form)),
            };
            req.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
            req.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            req.Headers.Authorization = new AuthenticationHeaderValue("Basic", BasicValue());
            UserAgent.Apply(req, options);
            return req;
        }

        private string BasicValue()
        {
            byte[] secret = SecretText.ToUtf8(credential.ClientSecret);
            byte[] id = Encoding.UTF8.GetBytes(credential.ClientId + ":");
            byte[] all = new byte[id.Length + secret.Length];
            try
            {
                Buffer.BlockCopy(id, 0, all, 0, id.Length);
                Buffer.BlockCopy(secret, 0, all, id.Length, secret.Length);
                return Convert.ToBase64String(all);
            }
            finally
            {
                Array.Clear(secret, 0, secret.Length);
                Array.Clear(all, 0, all.Length);
            }
        }

        private async Task<CachedToken> RequestTokenAsync(CancellationToken ct)
        {
            long started = options.TimeProvider.GetTimestamp(); // the budget runs on the client's clock
            int maxAttempts = Math.Max(0, options.MaxRetryAttempts) + 1;
            for (int attempt = 1; ; attempt++)
            {
                HttpResponseMessage response;
                using var req = TokenRequest(tokenUri, "grant_type=client_credentials");
                var attemptWatch = Stopwatch.StartNew();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                if (options.RequestTimeout > TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan) timeout.CancelAfter(options.RequestTimeout);
                try
                {
                    response = await base.SendAsync(req, timeout.Token).ConfigureAwait(false);
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested && (ex is HttpRequestException || ex is System.IO.IOException || ex is OperationCanceledException))
                {
                    diagnostics.Emit("POST", TokenPath, null, attempt, attemptWatch.Elapsed, "token request failed (" + ex.GetType().Name + ")");
                    if (attempt >= maxAttempts || options.TimeProvider.GetElapsedTime(started) > options.MaxRetryDuration)
                    {
                        if (ex is OperationCanceledException)
                            throw new TimeoutException("The Atlas token endpoint did not answer within " + options.RequestTimeout.TotalSeconds + "s.", ex);
                        throw;
                    }
                    await AtlasClock.Delay(options.TimeProvider, Backoff(attempt), ct).ConfigureAwait(false);
                    continue;
                }

                using (response)
                {
                    int status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        var t = await ParseAsync(response).ConfigureAwait(false);
                        Interlocked.Increment(ref tokenRequests);
                        diagnostics.Emit("POST", TokenPath, status, attempt, attemptWatch.Elapsed,
                            "token refreshed (expires in " + (t.ExpiresAt - t.ObtainedAt).TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "s)");
                        return t;
                    }
                    diagnostics.Emit("POST", TokenPath, status, attempt, attemptWatch.Elapsed, "token request refused");
                    if ((status == 429 || status == 503) && attempt < maxAttempts)
                    {
                        var delay = AtlasErrors.RetryAfterOf(response, options.TimeProvider) is { } ra ? ra + TimeSpan.FromMilliseconds(20) : Backoff(attempt);
                        if (options.TimeProvider.GetElapsedTime(started) + delay <= options.MaxRetryDuration)
                        {
                            diagnostics.Emit("POST", TokenPath, status, attempt + 1, options.TimeProvider.GetElapsedTime(started), "retry token request in " + delay.TotalSeconds.ToString("0.0##", System.Globalization.CultureInfo.InvariantCulture) + "s after " + status);
                            await AtlasClock.Delay(options.TimeProvider, delay, ct).ConfigureAwait(false);
                            continue;
                        }
                    }
                    throw await RefusedAsync(response).ConfigureAwait(false);
                }
            }
        }

        private TimeSpan Backoff(int attempt) =>
            TimeSpan.FromMilliseconds(Math.Max(1, options.RetryBaseDelay.TotalMilliseconds) * Math.Pow(2, Math.Min(attempt - 1, 16)));

        private async Task<CachedToken> ParseAsync(HttpResponseMessage response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            try
            {
                TokenResponse? parsed;
                try { parsed = JsonSerializer.Deserialize(bytes, AtlasJsonContext.Default.TokenResponse); }
                catch (JsonException) { parsed = null; }
                if (parsed?.AccessToken == null || parsed.AccessToken.Length == 0)
                    throw new AtlasApiException("The Atlas token endpoint answered without an access_token. Check that -BaseUri points at Atlas.",
                        (int)response.StatusCode, null, null, null, "POST", TokenPath);
                var now = options.TimeProvider.GetUtcNow();
                var life = TimeSpan.FromSeconds(parsed.ExpiresIn is int e && e > 0 ? e : 3600);
                var early = TimeSpan.FromTicks(Math.Min((long)(life.Ticks * 0.9), (life - RefreshMargin).Ticks));
                if (early < TimeSpan.Zero) early = TimeSpan.Zero;
                return new CachedToken(parsed.AccessToken, now, now + life, now + early);
            }
            finally
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        private async Task<AtlasApiException> RefusedAsync(HttpResponseMessage response)
        {
            int status = (int)response.StatusCode;
            string? error = null, description = null;
            try
            {
                string raw = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (raw.TrimStart().StartsWith("{", StringComparison.Ordinal))
                {
                    using var doc = JsonDocument.Parse(raw);
                    var root = doc.RootElement;
                    if (root.ValueKind == JsonValueKind.Object)
                    {
                        if (root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String) error = e.GetString();
                        if (root.TryGetProperty("errorCode", out var ec) && ec.ValueKind == JsonValueKind.String) error ??= ec.GetString();
                        if (root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String) description = d.GetString();
                        if (root.TryGetProperty("detail", out var dd) && dd.ValueKind == JsonValueKind.String) description ??= dd.GetString();
                    }
                }
            }
            catch (Exception) { /* the status alone still gives the message below */ }

            string message;
            if (status == 400 || status == 401 || status == 403)
                message = "Atlas refused the service account credentials (HTTP " + status + (error != null ? " " + error : "") + ")"
                    + (description != null ? ": " + Redaction.Redact(description).TrimEnd('.') : "")
                    + ". Check the client id ('" + credential.ClientId + "') and the client secret, and whether the secret expired or was deleted"
                    + " (create a new secret with New-AtlasServiceAccountSecret if so).";
            else
                message = "The Atlas token endpoint answered HTTP " + status + (error != null ? " " + error : "")
                    + (description != null ? ": " + Redaction.Redact(description).TrimEnd('.') : "") + ". Try again later.";
            return new AtlasApiException(message, status, error, description, response.ReasonPhrase, "POST", TokenPath)
            {
                RetryAfter = AtlasErrors.RetryAfterOf(response),
            };
        }

        /// <summary>Revokes the cached token (best effort): never throws, gives up after `timeout`.</summary>
        internal async Task RevokeAsync(TimeSpan timeout)
        {
            if (Interlocked.Exchange(ref revoked, 1) == 1) return;
            var t = Interlocked.Exchange(ref token, null);
            if (t == null) return;
            var sw = Stopwatch.StartNew();
            try
            {
                using var cts = new CancellationTokenSource(timeout);
                string form = "token=" + Uri.EscapeDataString(SecretText.Reveal(t.AccessToken)) + "&token_type_hint=access_token";
                using var req = TokenRequest(revokeUri, form);
                using var response = await base.SendAsync(req, cts.Token).ConfigureAwait(false);
                diagnostics.Emit("POST", RevokePath, (int)response.StatusCode, 1, sw.Elapsed, "token revoked");
            }
            catch (Exception ex)
            {
                diagnostics.Emit("POST", RevokePath, null, 1, sw.Elapsed, "token revocation failed (" + ex.GetType().Name + "); the token expires on its own");
            }
        }

        /// <summary>Synchronous best-effort revocation for Dispose (safe from a PowerShell pipeline thread).</summary>
        internal void Revoke(TimeSpan timeout)
        {
            try { Task.Run(() => RevokeAsync(timeout)).Wait(timeout + TimeSpan.FromSeconds(1)); }
            catch (Exception) { /* best effort */ }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) refreshLock.Dispose();
            base.Dispose(disposing);
        }

        private sealed class CachedToken
        {
            public CachedToken(SecureString accessToken, DateTimeOffset obtainedAt, DateTimeOffset expiresAt, DateTimeOffset refreshAt)
            {
                AccessToken = accessToken; ObtainedAt = obtainedAt; ExpiresAt = expiresAt; RefreshAt = refreshAt;
            }
            public SecureString AccessToken { get; }
            public DateTimeOffset ObtainedAt { get; }
            public DateTimeOffset ExpiresAt { get; }
            public DateTimeOffset RefreshAt { get; }
            /// <summary>Fetched because the API refused the previous token.</summary>
            public bool AfterRejection { get; set; }
        }
    }
}
