using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Http
{
    /// <summary>
    /// HTTP Digest (RFC 7616) for organization API keys: public key as user name, private key as password.
    /// After the first challenge the nonce is reused pre-emptively with an incrementing nc, so a steady-state
    /// call costs one request. A 401 on a reused nonce (or stale=true) takes the new challenge and retries once;
    /// when the server keeps refusing reuse, the handler stops reusing for this client.
    /// </summary>
    internal sealed class DigestAuthHandler : DelegatingHandler
    {
        /// <summary>Consecutive refusals of a reused nonce (not counting stale=true) after which reuse stops.</summary>
        internal const int MaxReuseRefusals = 3;

        private readonly ApiKeyCredential credential;
        private readonly AtlasDiagnostics diagnostics;
        private DigestChallenge? cached;
        private int reuseRefusals;
        private volatile bool reuseDisabled;

        public DigestAuthHandler(ApiKeyCredential credential, AtlasDiagnostics diagnostics)
        {
            this.credential = credential;
            this.diagnostics = diagnostics;
        }

        /// <summary>False once the server refused nonce reuse MaxReuseRefusals times in a row.</summary>
        internal bool PreemptiveReuseEnabled => !reuseDisabled;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var sw = Stopwatch.StartNew();
            var challenge = reuseDisabled ? null : Volatile.Read(ref cached);
            bool preemptive = challenge != null;
            if (challenge != null) Authorize(request, challenge);
            else request.Headers.Authorization = null;

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Unauthorized) { if (preemptive) Interlocked.Exchange(ref reuseRefusals, 0); return response; }

            var fresh = DigestChallenge.Select(response.Headers.WwwAuthenticate);
            if (fresh == null) return response; // not a digest challenge: let the caller see the 401
            if (preemptive)
            {
                if (fresh.Stale) diagnostics.Emit(request, 401, sw.Elapsed, "digest nonce expired (stale=true), new challenge taken");
                else if (Interlocked.Increment(ref reuseRefusals) >= MaxReuseRefusals && !reuseDisabled)
                {
                    reuseDisabled = true;
                    diagnostics.Emit(request, 401, sw.Elapsed, "digest: server refused nonce reuse " + MaxReuseRefusals + " times in a row; pre-emptive authentication turned off");
                }
                else diagnostics.Emit(request, 401, sw.Elapsed, "digest: reused nonce refused, new challenge taken");
            }
            else diagnostics.Emit(request, 401, sw.Elapsed, "digest challenge");

            Volatile.Write(ref cached, fresh);
            response.Dispose();
            Authorize(request, fresh);
            var second = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (second.StatusCode == HttpStatusCode.Unauthorized)
            {
                // The credentials themselves were refused (or the server expired the nonce at once): do not keep it.
                var again = DigestChallenge.Select(second.Headers.WwwAuthenticate);
                if (again != null && again.Stale)
                {
                    Volatile.Write(ref cached, again);
                    second.Dispose();
                    Authorize(request, again);
                    return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                }
                Interlocked.CompareExchange(ref cached, null, fresh);
            }
            return second;
        }

        private void Authorize(HttpRequestMessage request, DigestChallenge challenge)
        {
            uint nc = challenge.NextNonceCount();
            string cnonce = NewCnonce();
            string uri = request.RequestUri is { IsAbsoluteUri: true } u ? u.PathAndQuery : request.RequestUri?.OriginalString ?? "/";
            byte[] password = SecretText.ToUtf8(credential.PrivateKey);
            string response;
            try
            {
                response = ComputeResponse(challenge.Algorithm, credential.PublicKey, password, challenge.Realm, request.Method.Method,
                    uri, challenge.Nonce, FormatNc(nc), cnonce, challenge.Qop);
            }
            finally
            {
                Array.Clear(password, 0, password.Length);
            }
            var sb = new StringBuilder(256);
            sb.Append("username=").Append(Quote(credential.PublicKey))
              .Append(", realm=").Append(Quote(challenge.Realm))
              .Append(", nonce=").Append(Quote(challenge.Nonce))
              .Append(", uri=").Append(Quote(uri))
              .Append(", algorithm=").Append(challenge.Algorithm)
              .Append(", response=").Append(Quote(response));
            if (challenge.Qop != null)
                sb.Append(", qop=").Append(challenge.Qop).Append(", nc=").Append(FormatNc(nc)).Append(", cnonce=").Append(Quote(cnonce));
            if (challenge.Opaque != null) sb.Append(", opaque=").Append(Quote(challenge.Opaque));
            request.Headers.Authorization = new AuthenticationHeaderValue("Digest", sb.ToString());
        }

        internal static string FormatNc(uint nc) => nc.ToString("x8", CultureInfo.InvariantCulture);

        private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        private static string NewCnonce()
        {
            var bytes = new byte[24];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            return Convert.ToBase64String(bytes);
        }

        /// <summary>
        /// The RFC 7616 response value (lower-case hex). Pure: unit-tested against the RFC's vectors.
        /// password is the UTF-8 secret; it is not kept (the caller zeroes it), and the buffer it is copied into is zeroed here.
        /// qop null means the RFC 2069 form H(HA1:nonce:HA2).
        /// </summary>
        internal static string ComputeResponse(string algorithm, string username, byte[] password, string realm, string method,
            string uri, string nonce, string nc, string cnonce, string? qop)
        {
            bool sess = algorithm.EndsWith("-sess", StringComparison.OrdinalIgnoreCase);
            string baseAlg = sess ? algorithm.Substring(0, algorithm.Length - 5) : algorithm;
            using HashAlgorithm hash = CreateHash(baseAlg);

            byte[] prefix = Encoding.UTF8.GetBytes(username + ":" + realm + ":");
            byte[] a1 = new byte[prefix.Length + password.Length];
            string ha1;
            try
            {
                Buffer.BlockCopy(prefix, 0, a1, 0, prefix.Length);
                Buffer.BlockCopy(password, 0, a1, prefix.Length, password.Length);
                ha1 = Hex(hash.ComputeHash(a1));
            }
            finally
            {
                Array.Clear(a1, 0, a1.Length);
            }
            if (sess) ha1 = H(hash, ha1 + ":" + nonce + ":" + cnonce);
            string ha2 = H(hash, method + ":" + uri);
            return qop == null ? H(hash, ha1 + ":" + nonce + ":" + ha2) : H(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        }

        private static HashAlgorithm CreateHash(string algorithm)
        {
            switch (algorithm.ToUpperInvariant())
            {
                case "MD5": return MD5.Create();
                case "SHA-256": return SHA256.Create();
                default: throw new NotSupportedException("Digest algorithm " + algorithm + " is not supported.");
            }
        }

        private static string H(HashAlgorithm hash, string text) => Hex(hash.ComputeHash(Encoding.UTF8.GetBytes(text)));

        private static string Hex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }

    /// <summary>One parsed Digest challenge plus its nonce counter (shared by every request that reuses it).</summary>
    internal sealed class DigestChallenge
    {
        private int nonceCount;

        public DigestChallenge(string realm, string nonce, string? opaque, string algorithm, string? qop, bool stale)
        {
            Realm = realm; Nonce = nonce; Opaque = opaque; Algorithm = algorithm; Qop = qop; Stale = stale;
        }

        public string Realm { get; }
        public string Nonce { get; }
        public string? Opaque { get; }
        public string Algorithm { get; }
        /// <summary>"auth", or null when the server offered no qop (RFC 2069).</summary>
        public string? Qop { get; }
        public bool Stale { get; }

        /// <summary>1, 2, 3... atomically, for concurrent requests reusing this nonce.</summary>
        public uint NextNonceCount() => unchecked((uint)Interlocked.Increment(ref nonceCount));

        /// <summary>The strongest supported Digest challenge among the WWW-Authenticate values (SHA-256 before MD5), or null.</summary>
        public static DigestChallenge? Select(IEnumerable<AuthenticationHeaderValue> values)
        {
            DigestChallenge? best = null;
            int bestRank = -1;
            foreach (var v in values)
            {
                if (!string.Equals(v.Scheme, "Digest", StringComparison.OrdinalIgnoreCase) || v.Parameter == null) continue;
                var c = Parse(v.Parameter);
                if (c == null) continue;
                int rank = c.Algorithm.StartsWith("SHA-256", StringComparison.OrdinalIgnoreCase) ? 2 : 1;
                if (rank > bestRank) { best = c; bestRank = rank; }
            }
            return best;
        }

        public static DigestChallenge? Parse(string parameter)
        {
            var p = ParseParameters(parameter);
            if (!p.TryGetValue("nonce", out var nonce) || string.IsNullOrEmpty(nonce)) return null;
            p.TryGetValue("realm", out var realm);
            p.TryGetValue("opaque", out var opaque);
            string algorithm = p.TryGetValue("algorithm", out var alg) && !string.IsNullOrEmpty(alg) ? alg! : "MD5";
            switch (algorithm.ToUpperInvariant())
            {
                case "MD5": algorithm = "MD5"; break;
                case "MD5-SESS": algorithm = "MD5-sess"; break;
                case "SHA-256": algorithm = "SHA-256"; break;
                case "SHA-256-SESS": algorithm = "SHA-256-sess"; break;
                default: return null; // SHA-512-256 etc.: not offered by Atlas
            }
            string? qop = null;
            if (p.TryGetValue("qop", out var qops) && qops != null)
            {
                foreach (var q in qops.Split(','))
                    if (string.Equals(q.Trim(), "auth", StringComparison.OrdinalIgnoreCase)) qop = "auth";
                if (qop == null) return null; // only auth-int offered
            }
            bool stale = p.TryGetValue("stale", out var st) && string.Equals(st, "true", StringComparison.OrdinalIgnoreCase);
            return new DigestChallenge(realm ?? "", nonce!, opaque, algorithm, qop, stale);
        }

        /// <summary>Parses `a=b, c="d, e", f="g\"h"` into a case-insensitive dictionary.</summary>
        internal static Dictionary<string, string?> ParseParameters(string s)
        {
            var d = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            int i = 0;
            while (i < s.Length)
            {
                while (i < s.Length && (s[i] == ',' || char.IsWhiteSpace(s[i]))) i++;
                int start = i;
                while (i < s.Length && s[i] != '=' && s[i] != ',') i++;
                string key = s.Substring(start, i - start).Trim();
                string? value = null;
                if (i < s.Length && s[i] == '=')
                {
                    i++;
                    while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                    if (i < s.Length && s[i] == '"')
                    {
                        i++;
                        var sb = new StringBuilder();
                        while (i < s.Length && s[i] != '"')
                        {
                            if (s[i] == '\\' && i + 1 < s.Length) i++;
                            sb.Append(s[i++]);
                        }
                        i++; // closing quote
                        value = sb.ToString();
                    }
                    else
                    {
                        int vs = i;
                        while (i < s.Length && s[i] != ',') i++;
                        value = s.Substring(vs, i - vs).Trim();
                    }
                }
                if (key.Length > 0) d[key] = value;
            }
            return d;
        }
    }
}
