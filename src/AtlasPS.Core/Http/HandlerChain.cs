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
    /// diagnostics -> resilience (retries, per-attempt timeout) -> authentication -> transport.
    /// </summary>
    internal sealed class HandlerChain : IDisposable
    {
        private HandlerChain(HttpMessageHandler outermost, HttpMessageHandler transport, bool ownsTransport)
        {
            Outermost = outermost;
            Transport = transport;
            OwnsTransport = ownsTransport;
        }

        public HttpMessageHandler Outermost { get; }
        public HttpMessageHandler Transport { get; }
        private bool OwnsTransport { get; }

        public static HandlerChain Build(AtlasClientOptions options, Uri baseUri)
        {
            bool owns = options.InnerHandler is null;
            HttpMessageHandler transport = options.InnerHandler ?? CreateTransport();
            HttpMessageHandler current = transport;
            current = AuthHandlers.Create(options, baseUri, current);
            return new HandlerChain(current, transport, owns);
        }

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
                MaxConnectionsPerServer = 16,
            };
#else
            return new HttpClientHandler
            {
                UseProxy = true,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            };
#endif
        }

        public void Dispose()
        {
            if (!ReferenceEquals(Outermost, Transport)) Outermost.Dispose();
            if (OwnsTransport) Transport.Dispose();
        }
    }

    internal static class AuthHandlers
    {
        public static HttpMessageHandler Create(AtlasClientOptions options, Uri baseUri, HttpMessageHandler inner)
        {
            switch (options.Credential)
            {
                case AccessTokenCredential token:
                    return new BearerTokenHandler(token) { InnerHandler = inner };
                default:
                    // Digest (API keys) and OAuth client credentials (service accounts) are added by the HTTP pipeline work.
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
