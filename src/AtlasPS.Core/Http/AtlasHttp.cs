using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;
using Refit;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// The transport of one client: an HttpClient over the handler chain (auth, resilience, diagnostics) and the Refit
    /// implementation of <see cref="IAtlasApi"/> on it. Refit builds the URL, versioned media types and JSON body
    /// (AtlasJsonContext); Atlas error answers become AtlasApiException through its exception factory.
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
            http = new HttpClient(chain.Outermost, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan, BaseAddress = BaseUri };
#if NETFRAMEWORK
            Refit.Implementation.GeneratedAtlasPS_Core.RegisterOnNetFramework();
#endif
            // The source-generated implementation only: never Refit's reflection fallback.
            Api = RestService.ForGenerated<IAtlasApi>(http, Settings);
        }

        public AtlasClientOptions Options { get; }
        public Uri BaseUri { get; }

        /// <summary>Every Atlas operation AtlasPS sends.</summary>
        public IAtlasApi Api { get; }

        /// <summary>The handler chain (auth state, counters) for tests and for Dispose-time token revocation.</summary>
        internal HandlerChain Chain => chain;

        private static readonly RefitSettings Settings = CreateSettings();

        private static RefitSettings CreateSettings()
        {
            var settings = new RefitSettings(new SystemTextJsonContentSerializer(AtlasJsonContext.Default.Options));
            settings.UrlParameterFormatter = new AtlasUrlParameterFormatter();
            settings.ExceptionFactory = response => response.IsSuccessStatusCode
                ? new ValueTask<Exception?>((Exception?)null)
                : new ValueTask<Exception?>(ErrorOf(response));
            settings.DeserializationExceptionFactory = (response, ex) => new ValueTask<Exception?>(UnreadableBody(response, ex));
            // Our handlers' exceptions (TimeoutException, HttpRequestException marked "outcome unknown", cancellation) pass unchanged.
            settings.TransportExceptionFactory = (request, ex, ct) => ex;
            return settings;
        }

        private static async Task<Exception?> ErrorOf(HttpResponseMessage response)
        {
            var request = response.RequestMessage;
            var op = request is null ? null : AtlasOperations.Of(request);
            return await AtlasErrors.FromResponseAsync(response, op, request?.RequestUri).ConfigureAwait(false);
        }

        private static Exception UnreadableBody(HttpResponseMessage response, Exception ex)
        {
            var request = response.RequestMessage;
            var op = request is null ? null : AtlasOperations.Of(request);
            return new AtlasApiException(
                $"Atlas answered {op?.OperationId ?? "the request"} with a body AtlasPS could not read ({ex.Message}). Check -BaseUri points at the Atlas Admin API.",
                (int)response.StatusCode, null, null, null, request?.Method.Method ?? "", request?.RequestUri?.AbsolutePath ?? "", null, ex);
        }

        public void Dispose()
        {
            http.Dispose();
            chain.Dispose();
        }
    }

    /// <summary>Query and path values as Atlas reads them: booleans in lower case, everything else as Refit formats it.</summary>
    internal sealed class AtlasUrlParameterFormatter : IUrlParameterFormatter
    {
        private readonly DefaultUrlParameterFormatter inner = new DefaultUrlParameterFormatter();

        public string? Format(object? value, ICustomAttributeProvider attributeProvider, Type type) =>
            value is bool b ? (b ? "true" : "false") : inner.Format(value, attributeProvider, type);
    }

    /// <summary>Per-request facts the handlers need (which operation, which attempt).</summary>
    internal static class AtlasRequestContext
    {
        /// <summary>The operation this request sends (Refit names the <see cref="IAtlasApi"/> method on the request).</summary>
        public static AtlasOperation? Get(HttpRequestMessage request) => AtlasOperations.Of(request);
#if NET8_0_OR_GREATER
        private static readonly HttpRequestOptionsKey<int> AttemptKey = new HttpRequestOptionsKey<int>("AtlasPS.Attempt");
        /// <summary>1 for the first attempt, 2 for the first retry... (set by the resilience handler).</summary>
        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Options.Set(AttemptKey, attempt);
        public static int GetAttempt(HttpRequestMessage request) => request.Options.TryGetValue(AttemptKey, out var a) ? a : 1;
#else
        private const string AttemptKey = "AtlasPS.Attempt";
        public static void SetAttempt(HttpRequestMessage request, int attempt) => request.Properties[AttemptKey] = attempt;
        public static int GetAttempt(HttpRequestMessage request) => request.Properties.TryGetValue(AttemptKey, out var a) && a is int i ? i : 1;
#endif
    }
}
