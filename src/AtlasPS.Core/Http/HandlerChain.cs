using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// Builds the handler chain of one client, outermost first:
    /// User-Agent -> resilience (retries, per-attempt timeout, shared 429 back-off) -> diagnostics (one event per attempt)
    /// -> authentication (digest / OAuth / bearer; may add a challenge or token round trip) -> transport.
    /// </summary>
    internal sealed class HandlerChain : IDisposable
    {
        private HandlerChain(HttpMessageHandler outermost, HttpMessageHandler transport, bool ownsTransport, HttpMessageHandler auth)
        {
            Outermost = outermost;
            Transport = transport;
            OwnsTransport = ownsTransport;
            Auth = auth;
        }

        /// <summary>The authentication handler (DigestAuthHandler, OAuthClientCredentialsHandler, BearerTokenHandler) or the transport when anonymous.</summary>
        public HttpMessageHandler Auth { get; }
        public DigestAuthHandler? Digest => Auth as DigestAuthHandler;
        public OAuthClientCredentialsHandler? OAuth => Auth as OAuthClientCredentialsHandler;
        /// <summary>Best-effort revocation timeout used by Dispose.</summary>
        internal static readonly TimeSpan RevokeTimeout = TimeSpan.FromSeconds(5);
        private int disposed;

        public HttpMessageHandler Outermost { get; }
        public HttpMessageHandler Transport { get; }
        private bool OwnsTransport { get; }

        public static HandlerChain Build(AtlasClientOptions options, Uri baseUri)
        {
            bool owns = options.InnerHandler is null;
            // A caller-supplied handler is not ours to dispose: disposing the chain stops at this wrapper.
            HttpMessageHandler transport = options.InnerHandler is null ? CreateTransport() : new KeepAliveHandler(options.InnerHandler);
            var diagnostics = new AtlasDiagnostics(options.Diagnostics);
            HttpMessageHandler auth = AuthHandlers.Create(options, baseUri, transport, diagnostics);
            HttpMessageHandler current = new DiagnosticsHandler(diagnostics) { InnerHandler = auth };
            current = new ResilienceHandler(options, diagnostics) { InnerHandler = current };
            current = new UserAgentHandler(options) { InnerHandler = current };
            return new HandlerChain(current, transport, owns, auth);
        }

        /// <summary>
        /// Connections to Atlas at once: enough for the largest -ThrottleLimit of a fan-out (a test checks it) and for
        /// <see cref="AtlasClientOptions.PageConcurrency"/>, so concurrency is never capped by the transport.
        /// </summary>
        internal const int MaxConnectionsPerServer = 32;

        /// <summary>The default transport: system proxy settings honoured, no automatic redirects of credentials.</summary>
        internal static HttpMessageHandler CreateTransport()
        {
#if NET8_0_OR_GREATER
            return new SocketsHttpHandler
            {
                UseProxy = true,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                MaxConnectionsPerServer = MaxConnectionsPerServer,
            };
#else
            // On .NET Framework (Windows PowerShell 5.1) a console host allows 2 connections per server unless told
            // otherwise (ServicePointManager.DefaultConnectionLimit): concurrent pages and fan-out would queue behind
            // two sockets. The handler's own limit (4.7.1+) lifts that for AtlasPS without touching the process-wide default.
            return new HttpClientHandler
            {
                UseProxy = true,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                MaxConnectionsPerServer = MaxConnectionsPerServer,
            };
#endif
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 1) return;
            OAuth?.Revoke(RevokeTimeout);
            Outermost.Dispose(); // disposes the inner handlers down to the transport (or to KeepAliveHandler)
        }
    }

    /// <summary>Passes requests to a handler the caller owns, without disposing it with the chain.</summary>
    internal sealed class KeepAliveHandler : DelegatingHandler
    {
        public KeepAliveHandler(HttpMessageHandler inner) : base(inner) { }
        protected override void Dispose(bool disposing) => base.Dispose(false);
    }

    internal static class AuthHandlers
    {
        public static HttpMessageHandler Create(AtlasClientOptions options, Uri baseUri, HttpMessageHandler inner, AtlasDiagnostics diagnostics)
        {
            switch (options.Credential)
            {
                case AccessTokenCredential token:
                    return new BearerTokenHandler(token) { InnerHandler = inner };
                case ApiKeyCredential key:
                    return new DigestAuthHandler(key, diagnostics) { InnerHandler = inner };
                case ServiceAccountCredential sa:
                    return new OAuthClientCredentialsHandler(sa, options, baseUri, diagnostics) { InnerHandler = inner };
                default:
                    return inner;
            }
        }
    }
}

namespace AtlasPS.Core.Http
{
    /// <summary>Sends a token obtained elsewhere as `Authorization: Bearer`.</summary>
    internal sealed class BearerTokenHandler : DelegatingHandler
    {
        private readonly AccessTokenCredential credential;
        public BearerTokenHandler(AccessTokenCredential credential) { this.credential = credential; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", SecretText.Reveal(credential.Token));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
