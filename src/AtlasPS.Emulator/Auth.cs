using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasPS.Emulator;

/// <summary>The authenticated caller. Exactly one of Key / Account is set.</summary>
internal sealed class Principal
{
    public ApiKeyEntity? Key;
    public ServiceAccountEntity? Account;
    public string OrgId => Key?.OrgId ?? Account!.OrgId;
    public List<string> OrgRoles => Key?.OrgRoles ?? Account!.OrgRoles;
    public Dictionary<string, List<string>> ProjectRoles => Key?.ProjectRoles ?? Account!.ProjectRoles;
    public List<AccessEntry> AccessList => Key?.AccessList ?? Account!.AccessList;
    public string Name => Key?.PublicKey ?? Account!.ClientId;
}

internal sealed class Auth
{
    public const string Realm = "MMS Public API";
    private readonly EmulatorServer _server;
    private readonly ConcurrentDictionary<string, NonceState> _nonces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TokenState> _tokens = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _tokenRequests = new();
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;
    private DateTimeOffset Now => _server.Options.TimeProvider.GetUtcNow();

    private sealed class NonceState
    {
        public DateTimeOffset Created;
        public readonly HashSet<uint> Seen = new();
    }

    private sealed class TokenState
    {
        public required string ClientId;
        public DateTimeOffset Expires;
        public bool Revoked;
    }

    public Auth(EmulatorServer server) => _server = server;

    public int NonceCount => _nonces.Count;

    public string NewChallenge(bool stale)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _nonces[nonce] = new NonceState { Created = Now };
        PruneNonces();
        return $"Digest realm=\"{Realm}\", domain=\"\", nonce=\"{nonce}\", algorithm=MD5, qop=\"auth\", stale={(stale ? "true" : "false")}";
    }

    private void PruneNonces()
    {
        var now = Now;
        if (now - _lastPrune < TimeSpan.FromSeconds(30)) return;
        _lastPrune = now;
        var limit = _server.Options.NonceLifetime + TimeSpan.FromMinutes(10);
        foreach (var kv in _nonces)
            if (now - kv.Value.Created > limit) _nonces.TryRemove(kv.Key, out _);
    }

    private ApiException Challenge(string detail, bool stale = false)
    {
        var e = new ApiException(401, "USER_UNAUTHORIZED", detail) { DigestChallenge = true };
        e.Headers["WWW-Authenticate"] = NewChallenge(stale);
        return e;
    }

    private static ApiException BearerFailure(string detail)
    {
        var e = new ApiException(401, "INVALID_ACCESS_TOKEN", detail);
        e.Headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\"";
        return e;
    }

    /// <summary>Authenticates the request; caller holds the state lock.</summary>
    public Principal Authenticate(string method, string rawTarget, string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
            throw Challenge("You are not authorized for this resource.");
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateBearer(authorization[7..].Trim());
        if (authorization.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateDigest(method, rawTarget, authorization[7..]);
        throw Challenge("Unsupported authorization scheme; use HTTP Digest or a Bearer token.");
    }

    private Principal AuthenticateBearer(string token)
    {
        if (!_tokens.TryGetValue(token, out var t)) throw BearerFailure("The access token is invalid.");
        if (t.Revoked) throw BearerFailure("The access token has been revoked.");
        if (Now >= t.Expires) throw BearerFailure("The access token has expired.");
        if (!_server.State.Sas.TryGetValue(t.ClientId, out var sa)) throw BearerFailure("The service account no longer exists.");
        return new Principal { Account = sa };
    }

    private Principal AuthenticateDigest(string method, string rawTarget, string header)
    {
        var p = ParseParams(header);
        string Get(string k) => p.TryGetValue(k, out var v) ? v : "";
        var username = Get("username");
        var nonce = Get("nonce");
        var uri = Get("uri");
        var response = Get("response");
        var qop = Get("qop");
        var nc = Get("nc");
        var cnonce = Get("cnonce");
        var realm = Get("realm");
        var algorithm = p.TryGetValue("algorithm", out var a) ? a : "MD5";

        if (realm != Realm || !string.Equals(algorithm, "MD5", StringComparison.OrdinalIgnoreCase))
            throw Challenge("Digest realm or algorithm not supported.");
        if (!string.Equals(qop, "auth", StringComparison.Ordinal) || nc.Length == 0 || cnonce.Length == 0)
            throw Challenge("Digest qop=auth with nc and cnonce is required.");
        if (!uri.Equals(rawTarget, StringComparison.Ordinal) && !uri.Equals(rawTarget.Split('?')[0], StringComparison.Ordinal))
            throw Challenge("Digest uri does not match the request target.");
        if (!uint.TryParse(nc, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var ncValue))
            throw Challenge("Invalid nonce count.");
        if (!_server.State.KeysByPublic.TryGetValue(username, out var key))
            throw Challenge("Invalid API key.");

        var ha1 = Md5($"{username}:{Realm}:{key.PrivateKey}");
        var ha2 = Md5($"{method}:{uri}");
        var expected = Md5($"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{ha2}");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
            throw Challenge("Invalid API key credentials.");
        if (!_nonces.TryGetValue(nonce, out var ns))
            throw Challenge("Unknown nonce.", stale: true);
        lock (ns)
        {
            if (Now - ns.Created > _server.Options.NonceLifetime)
            {
                _nonces.TryRemove(nonce, out _);
                throw Challenge("The nonce has expired.", stale: true);
            }
            if (!ns.Seen.Add(ncValue))
                throw Challenge("Replayed nonce count.");
        }
        return new Principal { Key = key };
    }

    internal static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));

    internal static Dictionary<string, string> ParseParams(string s)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ',')) i++;
            var eq = s.IndexOf('=', i);
            if (eq < 0) break;
            var name = s[i..eq].Trim();
            i = eq + 1;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (i < s.Length && s[i] != '"')
                {
                    if (s[i] == '\\' && i + 1 < s.Length) i++;
                    sb.Append(s[i++]);
                }
                i++;
                value = sb.ToString();
            }
            else
            {
                var end = s.IndexOf(',', i);
                if (end < 0) end = s.Length;
                value = s[i..end].Trim();
                i = end;
            }
            d[name] = value;
        }
        return d;
    }

    // ------------------------------------------------------------------ OAuth

    private static ApiResult OAuthError(int status, string error, string description)
    {
        var body = new JsonObject { ["error"] = error, ["error_description"] = description };
        return new ApiResult { Status = status, ContentType = "application/json", Body = body.ToJsonString() };
    }

    private static (string? Id, string? Secret) ParseBasic(string? authorization, Dictionary<string, string> form)
    {
        if (authorization is not null && authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var raw = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
                var colon = raw.IndexOf(':');
                if (colon > 0) return (Uri.UnescapeDataString(raw[..colon]), Uri.UnescapeDataString(raw[(colon + 1)..]));
            }
            catch (FormatException) { }
            return (null, null);
        }
        form.TryGetValue("client_id", out var id);
        form.TryGetValue("client_secret", out var secret);
        return (id, secret);
    }

    private SecretEntity? CheckClient(string? id, string? secret, out ServiceAccountEntity? sa)
    {
        sa = null;
        if (id is null || secret is null || !_server.State.Sas.TryGetValue(id, out sa)) return null;
        var now = Now;
        foreach (var s in sa.Secrets)
        {
            if (s.ExpiresAt > now && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s.Value), Encoding.UTF8.GetBytes(secret)))
                return s;
        }
        return null;
    }

    public ApiResult Token(string? authorization, string? contentType, string body)
    {
        var now = Now;
        lock (_tokenRequests)
        {
            while (_tokenRequests.Count > 0 && now - _tokenRequests.Peek() >= TimeSpan.FromMinutes(1)) _tokenRequests.Dequeue();
            if (_tokenRequests.Count >= _server.Options.TokenRequestsPerMinute)
            {
                var wait = Math.Max(1, (int)Math.Ceiling((_tokenRequests.Peek() + TimeSpan.FromMinutes(1) - now).TotalSeconds));
                var r = OAuthError(429, "rate_limited", "Too many token requests.");
                r.Headers["Retry-After"] = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return r;
            }
            _tokenRequests.Enqueue(now);
        }
        if (contentType is null || !contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return OAuthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded.");
        var form = ParseForm(body);
        if (!form.TryGetValue("grant_type", out var grant) || grant != "client_credentials")
            return OAuthError(400, "unsupported_grant_type", "grant_type must be client_credentials.");
        var (id, secret) = ParseBasic(authorization, form);
        lock (_server.State.Sync)
        {
            var s = CheckClient(id, secret, out var sa);
            if (s is null || sa is null) return OAuthError(401, "invalid_client", "Invalid, expired or deleted client credentials.");
            s.LastUsedAt = now;
            var token = Ids.Token();
            _tokens[token] = new TokenState { ClientId = sa.ClientId, Expires = now + _server.Options.TokenLifetime };
            var result = new JsonObject
            {
                ["access_token"] = token,
                ["token_type"] = "Bearer",
                ["expires_in"] = (long)_server.Options.TokenLifetime.TotalSeconds,
            };
            var r = new ApiResult { Status = 200, ContentType = "application/json", Body = result.ToJsonString(), Principal = sa.ClientId };
            r.Headers["Cache-Control"] = "no-store";
            return r;
        }
    }

    public ApiResult Revoke(string? authorization, string body)
    {
        var form = ParseForm(body);
        var (id, secret) = ParseBasic(authorization, form);
        if (id is not null)
        {
            lock (_server.State.Sync)
            {
                if (CheckClient(id, secret, out _) is null) return OAuthError(401, "invalid_client", "Invalid client credentials.");
            }
        }
        if (form.TryGetValue("token", out var token) && _tokens.TryGetValue(token, out var t)) t.Revoked = true;
        return new ApiResult { Status = 200 };
    }

    /// <summary>Number of tokens issued and not revoked/expired.</summary>
    public int ActiveTokenCount => _tokens.Values.Count(t => !t.Revoked && t.Expires > Now);

    internal static Dictionary<string, string> ParseForm(string body)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var k = eq < 0 ? pair : pair[..eq];
            var v = eq < 0 ? "" : pair[(eq + 1)..];
            d[Uri.UnescapeDataString(k.Replace('+', ' '))] = Uri.UnescapeDataString(v.Replace('+', ' '));
        }
        return d;
    }

}
