using System;
using System.Diagnostics;
using System.Net.Http;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Http
{
    /// <summary>Sends events to options.Diagnostics. A throwing hook never breaks a call. Never given secrets.</summary>
    internal sealed class AtlasDiagnostics
    {
        private readonly Action<AtlasDiagnosticEvent>? target;
        public AtlasDiagnostics(Action<AtlasDiagnosticEvent>? target) { this.target = target; }
        public bool Enabled => target != null || AtlasDiagnosticsScope.Current != null;

        public void Emit(HttpRequestMessage request, int? status, TimeSpan elapsed, string? message, int? attempt = null) =>
            Emit(request.Method.Method, PathOf(request.RequestUri), status, attempt ?? AtlasRequestContext.GetAttempt(request), elapsed, message);

        public void Emit(string method, string path, int? status, int attempt, TimeSpan elapsed, string? message)
        {
            var scoped = AtlasDiagnosticsScope.Current;
            if (target == null && scoped == null) return;
            var e = new AtlasDiagnosticEvent { Method = method, Path = path, Status = status, Attempt = attempt, Elapsed = elapsed, Message = message };
            try { target?.Invoke(e); }
            catch (Exception) { /* A diagnostics hook must not change the outcome of a call. */ }
            try { scoped?.Invoke(e); }
            catch (Exception) { /* likewise */ }
        }

        internal static string PathOf(Uri? uri) => uri is null ? "" : uri.IsAbsoluteUri ? uri.PathAndQuery : uri.OriginalString;
    }

    /// <summary>Removes secret-bearing JSON fields and header-like values from text meant for diagnostics.</summary>
    internal static class Redaction
    {
        private static readonly Regex JsonSecret = new Regex(
            "(\"(?:privateKey|secret|clientSecret|client_secret|access_token|refresh_token|accessToken|password|token)\"\\s*:\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\]\\s]+)",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        private static readonly Regex FormSecret = new Regex("((?:^|[&?])(?:token|client_secret|access_token|password)=)[^&\\s]*",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

        public static string Redact(string text)
        {
            if (string.IsNullOrEmpty(text)) return text;
            string s = JsonSecret.Replace(text, "$1\"[redacted]\"");
            return FormSecret.Replace(s, "$1[redacted]");
        }
    }

    /// <summary>
    /// Reports each HTTP attempt (it sits inside the resilience handler): method, path+query, status, attempt number,
    /// elapsed time and, for failures, Atlas's error text with secret fields redacted. Never headers.
    /// </summary>
    internal sealed class DiagnosticsHandler : DelegatingHandler
    {
        private readonly AtlasDiagnostics sink;
        public DiagnosticsHandler(AtlasDiagnostics sink) { this.sink = sink; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!sink.Enabled) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var sw = Stopwatch.StartNew();
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                string what = ex is OperationCanceledException ? (cancellationToken.IsCancellationRequested ? "cancelled or timed out" : "cancelled")
                    : ex.GetType().Name + ": " + Redaction.Redact(ex.Message);
                sink.Emit(request, null, sw.Elapsed, "no response (" + what + ")");
                throw;
            }
            string? message = null;
            if (!response.IsSuccessStatusCode && response.Content != null)
            {
                try
                {
                    await response.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                    string body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    if (body.Length > 0)
                        message = "error body: " + Truncate(Redaction.Redact(body.Replace('\r', ' ').Replace('\n', ' ')), 400);
                }
                catch (Exception) { /* an unreadable body is reported by AtlasErrors */ }
            }
            sink.Emit(request, (int)response.StatusCode, sw.Elapsed, message);
            return response;
        }

        private static string Truncate(string s, int n) => s.Length <= n ? s : s.Substring(0, n) + "...";
    }
}
