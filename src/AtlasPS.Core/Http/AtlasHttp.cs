using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Sends one operation of the table: builds the URL and versioned media types, serializes the body,
    /// sends it through the handler chain (auth, resilience, diagnostics) and turns errors into AtlasApiException.
    /// </summary>
    internal sealed class AtlasHttp : IDisposable
    {
        private readonly HttpClient http;
        private readonly HandlerChain chain;

        public AtlasHttp(AtlasClientOptions options)
        {
            Options = options ?? throw new ArgumentNullException(nameof(options));
            BaseUri = AtlasBaseUri.Validate(options.BaseUri);
            chain = HandlerChain.Build(options, BaseUri);
            http = new HttpClient(chain.Outermost, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        }

        public AtlasClientOptions Options { get; }
        public Uri BaseUri { get; }

        /// <summary>The handler chain (auth state, counters) for tests and for Dispose-time token revocation.</summary>
        internal HandlerChain Chain => chain;

        public Task<T?> SendAsync<T>(AtlasOperation op, RouteValues route, QueryValues? query, CancellationToken ct) where T : class =>
            SendCoreAsync<T>(op, route, query, null, null, ct);

        public Task<TResponse?> SendAsync<TRequest, TResponse>(AtlasOperation op, RouteValues route, QueryValues? query, TRequest body, CancellationToken ct)
            where TResponse : class =>
            SendCoreAsync<TResponse>(op, route, query, body, Info<TRequest>(), ct);

        /// <summary>For operations whose success answer has no body we need (DELETE 204, addGroupApiKey 204).</summary>
        public async Task SendNoContentAsync(AtlasOperation op, RouteValues route, QueryValues? query, CancellationToken ct) =>
            await SendCoreAsync<object>(op, route, query, null, null, ct, readBody: false).ConfigureAwait(false);

        public async Task SendNoContentAsync<TRequest>(AtlasOperation op, RouteValues route, QueryValues? query, TRequest body, CancellationToken ct) =>
            await SendCoreAsync<object>(op, route, query, body, Info<TRequest>(), ct, readBody: false).ConfigureAwait(false);

        internal static JsonTypeInfo<T> Info<T>() =>
            (JsonTypeInfo<T>?)AtlasJsonContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException(typeof(T) + " is not registered in AtlasJsonContext.");

        internal Uri BuildUri(AtlasOperation op, RouteValues route, QueryValues? query)
        {
            string path = route.Expand(op.PathTemplate) + (query?.ToQueryString() ?? "");
            return new Uri(BaseUri, path);
        }

        private async Task<T?> SendCoreAsync<T>(AtlasOperation op, RouteValues route, QueryValues? query, object? body,
            JsonTypeInfo? bodyInfo, CancellationToken ct, bool readBody = true) where T : class
        {
            var uri = BuildUri(op, route, query);
            byte[]? payload = body is null || bodyInfo is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, bodyInfo);
            using var request = new HttpRequestMessage(new HttpMethod(op.Method), uri);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(op.MediaType));
            if (payload != null)
            {
                // ByteArrayContent is replayable: the digest handler and the retry strategy may send it again.
                var content = new ByteArrayContent(payload);
                content.Headers.ContentType = new MediaTypeHeaderValue(op.MediaType) { CharSet = null };
                request.Content = content;
            }
            AtlasRequestContext.Set(request, op);

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw await AtlasErrors.FromResponseAsync(response, op, uri).ConfigureAwait(false);
            if (!readBody || typeof(T) == typeof(object) || response.StatusCode == HttpStatusCode.NoContent) return null;

#if NET8_0_OR_GREATER
            var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
#else
            var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
#endif
            try
            {
                if (bytes.Length == 0) return null;
                return JsonSerializer.Deserialize(bytes, Info<T>());
            }
            catch (JsonException ex)
            {
                throw new AtlasApiException(
                    $"Atlas answered {op.OperationId} with a body AtlasPS could not read ({ex.Message}). Check -BaseUri points at the Atlas Admin API.",
                    (int)response.StatusCode, null, null, null, op.Method, uri.AbsolutePath, null, ex);
            }
            finally
            {
                // Response bodies may carry one-time secrets: do not leave them in the heap longer than needed.
                Array.Clear(bytes, 0, bytes.Length);
            }
        }

        public void Dispose()
        {
            http.Dispose();
            chain.Dispose();
        }
    }

    /// <summary>Per-request facts the handlers need (which operation, which attempt).</summary>
    internal static class AtlasRequestContext
    {
#if NET8_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<AtlasOperation> Key = new HttpRequestOptionsKey<AtlasOperation>("AtlasPS.Operation");
        public static void Set(HttpRequestMessage request, AtlasOperation op) => request.Options.Set(Key, op);
        public static AtlasOperation? Get(HttpRequestMessage request) => request.Options.TryGetValue(Key, out var op) ? op : null;
        private static readonly HttpRequestOptionsKey<int> AttemptKey = new HttpRequestOptionsKey<int>("AtlasPS.Attempt");
        /// <summary>1 for the first attempt, 2 for the first retry... (set by the resilience handler).</summary>
        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Options.Set(AttemptKey, attempt);
        public static int GetAttempt(HttpRequestMessage request) => request.Options.TryGetValue(AttemptKey, out var a) ? a : 1;
#else
        private const string Key = "AtlasPS.Operation";
        public static void Set(HttpRequestMessage request, AtlasOperation op) => request.Properties[Key] = op;
        public static AtlasOperation? Get(HttpRequestMessage request) => request.Properties.TryGetValue(Key, out var op) ? op as AtlasOperation : null;
        private const string AttemptKey = "AtlasPS.Attempt";
        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Properties[AttemptKey] = attempt;
        public static int GetAttempt(HttpRequestMessage request) => request.Properties.TryGetValue(AttemptKey, out var a) && a is int i ? i : 1;
#endif
    }

    /// <summary>Which base URLs are allowed: any https URL; plain http only for loopback hosts.</summary>
    public static class AtlasBaseUri
    {
        public static Uri Validate(Uri? baseUri)
        {
            if (baseUri is null) return AtlasClientOptions.DefaultBaseUri;
            if (!baseUri.IsAbsoluteUri)
                throw new AtlasValidationException("AtlasInvalidBaseUri", $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} is not absolute. Use a URL such as https://cloud.mongodb.com.", "BaseUri");
            if (baseUri.Scheme == Uri.UriSchemeHttps) return Root(baseUri);
            if (baseUri.Scheme == Uri.UriSchemeHttp)
            {
                if (baseUri.IsLoopback) return Root(baseUri);
                throw new AtlasValidationException("AtlasInsecureBaseUri",
                    $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} uses plain http to a host that is not loopback; credentials would cross the network unencrypted. Use https:// (for example https://cloud.mongodb.com or https://cloud.mongodbgov.com); http is allowed only for 127.0.0.1, ::1 and localhost.", "BaseUri");
            }
            throw new AtlasValidationException("AtlasInvalidBaseUri", $"The base URI {Validation.AtlasInput.Quote(baseUri.ToString())} must use https://.", "BaseUri");
        }

        private static Uri Root(Uri u) => new Uri(u.GetLeftPart(UriPartial.Authority) + "/");
    }
}
