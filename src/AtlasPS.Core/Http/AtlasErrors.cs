using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AtlasPS.Core.Wire;

namespace AtlasPS.Core.Http
{
    /// <summary>Turns an Atlas error answer into an AtlasApiException whose message says what to do next.</summary>
    internal static class AtlasErrors
    {
        public static async Task<AtlasApiException> FromResponseAsync(HttpResponseMessage response, AtlasOperation? op, Uri? uri)
        {
            int status = (int)response.StatusCode;
            string raw = "";
            try { raw = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false); }
            catch (Exception) { /* a dropped body still gives a useful error below */ }
            // An error answer may echo a secret (a proxy echoing the form, a token in the body): it never reaches
            // Message, Detail, Reason or Parameters. Redacted JSON stays valid JSON.
            raw = Redaction.Redact(raw);

            ApiError? body = null;
            if (raw.Length > 0 && raw.TrimStart().StartsWith("{", StringComparison.Ordinal))
            {
                try { body = JsonSerializer.Deserialize(raw, AtlasJsonContext.Default.ApiError); }
                catch (JsonException) { body = null; }
            }

            var violations = body?.BadRequestDetail?.Fields?
                .Where(f => f.Field != null)
                .Select(f => new AtlasFieldViolation(f.Field!, f.Description ?? ""))
                .ToList() ?? new List<AtlasFieldViolation>();

            string message = Compose(status, body, raw, op, response.ReasonPhrase, violations);
            string method = op?.Method ?? response.RequestMessage?.Method.Method ?? "";
            var ex = new AtlasApiException(message, status, body?.ErrorCode, body?.Detail, body?.Reason, method, uri?.AbsolutePath ?? "", violations)
            {
                Parameters = body?.Parameters?.Select(p => p.ToString()).ToList() ?? (IReadOnlyList<string>)Array.Empty<string>(),
                RetryAfter = RetryAfterOf(response),
            };
            return ex;
        }

        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response) => RetryAfterOf(response, TimeProvider.System);

        /// <summary>How long Atlas asked to wait; a Retry-After date is read against the given clock.</summary>
        internal static TimeSpan? RetryAfterOf(HttpResponseMessage response, TimeProvider clock)
        {
            var ra = response.Headers.RetryAfter;
            if (ra == null) return null;
            if (ra.Delta.HasValue) return ra.Delta.Value;
            if (ra.Date.HasValue)
            {
                var d = ra.Date.Value - clock.GetUtcNow();
                return d < TimeSpan.Zero ? TimeSpan.Zero : d;
            }
            return null;
        }

        private static string Compose(int status, ApiError? body, string raw, AtlasOperation? op, string? reasonPhrase, List<AtlasFieldViolation> violations)
        {
            var sb = new StringBuilder();
            sb.Append("Atlas refused ").Append(op?.OperationId ?? "the request").Append(" (HTTP ").Append(status);
            if (!string.IsNullOrEmpty(body?.ErrorCode)) sb.Append(' ').Append(body!.ErrorCode);
            sb.Append("): ");
            string? what = body?.Detail ?? body?.Reason;
            if (string.IsNullOrWhiteSpace(what))
                what = raw.Length == 0 || body == null ? (string.IsNullOrEmpty(reasonPhrase) ? "no error details were given" : reasonPhrase) : raw;
            if (body == null && raw.Length > 0)
                what = (reasonPhrase ?? "error") + " (the answer was not an Atlas error document: " + Truncate(StripControl(raw), 200) + ")";
            sb.Append(what!.TrimEnd('.')).Append('.');
            foreach (var v in violations) sb.Append(' ').Append(v.Field).Append(": ").Append(v.Description).Append('.');
            string? hint = Hint(status, body?.ErrorCode);
            if (hint != null) sb.Append(' ').Append(hint);
            return sb.ToString();
        }

        private static string? Hint(int status, string? errorCode)
        {
            if (errorCode == "IP_ADDRESS_NOT_ON_ACCESS_LIST")
                return "Add this machine's public address to the credential's access list in Atlas (or call from an allowed address).";
            switch (status)
            {
                case 401: return "Check the public and private key (or client id and secret), and that -BaseUri is the Atlas you meant.";
                case 403: return "The credential lacks the role this needs, or this address is not on its access list.";
                case 404: return "Check the id; the object may have been deleted, or belong to another organization or project.";
                case 406: return "Atlas did not accept the API version AtlasPS sent; update AtlasPS.";
                case 409: return "It already exists or is in use.";
                case 429: return "Atlas is rate limiting this credential; wait a minute and try again.";
                default: return status >= 500 ? "Atlas had a problem; try again later." : null;
            }
        }

        private static string StripControl(string s)
        {
            var sb = new StringBuilder(s.Length);
            foreach (var c in s) sb.Append(char.IsControl(c) ? ' ' : c);
            return sb.ToString();
        }

        private static string Truncate(string s, int n) => s.Length <= n ? s : s.Substring(0, n) + "...";
    }
}
