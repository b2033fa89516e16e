using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace AtlasPS.Emulator;

/// <summary>Per-request data handed to operation handlers.</summary>
internal sealed class Call
{
    public required string Method;
    public required string RawPath;
    public required Dictionary<string, string> Params;
    public required Dictionary<string, List<string>> Query;
    public required string Body;
    public required Principal Who;
    public required string BaseUrl;      // http://127.0.0.1:port
    public required IPAddress Remote;
    public required string MediaType;    // negotiated response media type
    public bool Pretty;

    public string P(string name) => Params[name];

    public string? Q(string name) => Query.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;
}

internal sealed record Route(string Method, string Template, string OperationId, string[] Versions, bool HasBody, Func<Call, ApiResult> Handler)
{
    public string[] Segments { get; } = Template.Split('/', StringSplitOptions.RemoveEmptyEntries);

    public bool TryMatch(string[] segs, out Dictionary<string, string> ps)
    {
        ps = new Dictionary<string, string>(StringComparer.Ordinal);
        if (segs.Length != Segments.Length) return false;
        for (var i = 0; i < segs.Length; i++)
        {
            var t = Segments[i];
            if (t.StartsWith('{'))
            {
                var close = t.IndexOf('}');
                var name = t[1..close];
                var suffix = t[(close + 1)..];
                if (suffix.Length > 0)
                {
                    if (!segs[i].EndsWith(suffix, StringComparison.Ordinal) || segs[i].Length == suffix.Length) return false;
                    ps[name] = segs[i][..^suffix.Length];
                }
                else
                {
                    if (segs[i].Length == 0) return false;
                    ps[name] = segs[i];
                }
            }
            else if (!string.Equals(t, segs[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}

internal sealed partial class Api
{
    internal static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    internal static readonly JsonSerializerOptions Pretty = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private const string Prefix = "/api/atlas/v2";
    private const string V2023 = "application/vnd.atlas.2023-01-01+json";
    private const string V2023Csv = "application/vnd.atlas.2023-01-01+csv";
    private const string V20230201 = "application/vnd.atlas.2023-02-01+json";
    private const string V2024 = "application/vnd.atlas.2024-08-05+json";

    private readonly EmulatorServer _server;
    private readonly List<Route> _routes = new();
    public Auth Auth { get; }
    private EmulatorState S => _server.State;

    public Api(EmulatorServer server)
    {
        _server = server;
        Auth = new Auth(server);
        RegisterRoutes();
    }

    private void R(string method, string template, string opId, string[] versions, Func<Call, ApiResult> h)
        => _routes.Add(new Route(method, template, opId, versions, method is "POST" or "PATCH" or "PUT", h));

    // ------------------------------------------------------------------ pipeline

    public async Task HandleAsync(HttpContext ctx)
    {
        var started = DateTimeOffset.UtcNow;
        var raw = ctx.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (ctx.Request.PathBase + ctx.Request.Path + ctx.Request.QueryString).ToString();
        var qi = raw.IndexOf('?');
        var rawPath = qi < 0 ? raw : raw[..qi];
        var rawQuery = qi < 0 ? "" : raw[qi..];
        var method = ctx.Request.Method.ToUpperInvariant();
        var status = 0;
        var challenged = false;
        var dropped = false;
        string? principal = null;
        var faults = _server.Faults;
        var logged = false;
        // The entry is logged before the client can see the outcome (before the body is written or the connection
        // aborted), so a test or benchmark that counts requests right after a call never misses its last one.
        void Log(bool isDropped)
        {
            if (logged) return;
            logged = true;
            _server.Requests.Add(new RequestLogEntry(method, rawPath, rawQuery, isDropped ? 0 : status, challenged, started, isDropped, principal) { Completed = DateTimeOffset.UtcNow });
        }
        try
        {
            var latency = faults.LatencyMs;
            if (latency > 0) await Task.Delay(latency, ctx.RequestAborted).ConfigureAwait(false);

            if (faults.TryTakeDrop(method, rawPath, DropTiming.BeforeHandler))
            {
                dropped = true;
                Log(isDropped: true);
                ctx.Abort();
                return;
            }

            string body;
            using (var reader = new StreamReader(ctx.Request.Body, Text.Utf8))
                body = await reader.ReadToEndAsync(ctx.RequestAborted).ConfigureAwait(false);

            ApiResult result;
            var injected = faults.NextInjectedStatus(rawPath == "/api/oauth/token", out var retryAfter);
            if (injected != 0)
            {
                var e = injected == 429
                    ? new ApiException(429, "RATE_LIMITED", "Resource usage limit exceeded. (emulator fault injection)")
                    : new ApiException(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable. (emulator fault injection)");
                if (retryAfter is { } ra) e.Headers["Retry-After"] = ra.ToString(CultureInfo.InvariantCulture);
                result = ApiResult.Error(e);
            }
            else
            {
                result = Dispatch(ctx, method, raw, rawPath, rawQuery, body);
            }
            principal = result.Principal;

            if (faults.TryTakeDrop(method, rawPath, DropTiming.AfterHandler))
            {
                dropped = true;
                Log(isDropped: true);
                ctx.Abort();
                return;
            }

            var slow = faults.SlowResponseMs;
            if (slow > 0) await Task.Delay(slow, ctx.RequestAborted).ConfigureAwait(false);

            status = result.Status;
            challenged = result.DigestChallenged;
            ctx.Response.StatusCode = result.Status;
            foreach (var h in result.Headers) ctx.Response.Headers[h.Key] = h.Value;
            if (result.Status is >= 200 and < 300)
            {
                ctx.Response.Headers["RateLimit-Limit"] = _server.Options.RateLimitLimit.ToString(CultureInfo.InvariantCulture);
                ctx.Response.Headers["RateLimit-Remaining"] = (_server.Options.RateLimitLimit - 1).ToString(CultureInfo.InvariantCulture);
            }
            if (result.Utf8Body() is { } bytes)
            {
                ctx.Response.ContentType = result.ContentType ?? "application/json";
                ctx.Response.ContentLength = bytes.Length;
                Log(isDropped: false);
                await ctx.Response.Body.WriteAsync(bytes, ctx.RequestAborted).ConfigureAwait(false);
            }
            else
            {
                if (result.ContentType is not null) ctx.Response.ContentType = result.ContentType;
                ctx.Response.ContentLength = 0;
                Log(isDropped: false);
            }
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            dropped = true;
        }
        catch (IOException)
        {
            dropped = true;
        }
        finally
        {
            Log(dropped);
        }
    }

    private ApiResult Dispatch(HttpContext ctx, string method, string rawTarget, string rawPath, string rawQuery, string body)
    {
        var authorization = ctx.Request.Headers.Authorization.ToString();
        if (rawPath == "/api/oauth/token")
            return method == "POST" ? Auth.Token(authorization, ctx.Request.ContentType, body)
                : ApiResult.Error(new ApiException(405, "METHOD_NOT_ALLOWED", "Use POST."));
        if (rawPath == "/api/oauth/revoke")
            return method == "POST" ? Auth.Revoke(authorization, body)
                : ApiResult.Error(new ApiException(405, "METHOD_NOT_ALLOWED", "Use POST."));
        if (!rawPath.StartsWith(Prefix + "/", StringComparison.Ordinal))
            return ApiResult.Error(new ApiException(404, "RESOURCE_NOT_FOUND", $"Cannot find resource {rawPath}."));

        string[] segs;
        try
        {
            segs = rawPath[(Prefix.Length + 1)..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        }
        catch (UriFormatException)
        {
            return ApiResult.Error(new ApiException(400, "INVALID_PATH", "Malformed percent-encoding in the path."));
        }

        var remote = Net.Normalize(ctx.Connection.RemoteIpAddress ?? IPAddress.Loopback);
        lock (S.Sync)
        {
            Principal who;
            try
            {
                who = Auth.Authenticate(method, rawTarget, authorization);
                EnforceAccessList(who, remote);
            }
            catch (ApiException e)
            {
                return ApiResult.Error(e);
            }

            ApiResult r;
            try
            {
                r = Route(ctx, method, segs, rawPath, rawQuery, body, who, remote);
            }
            catch (ApiException e)
            {
                r = ApiResult.Error(e);
            }
            r.Principal = who.Name;
            return r;
        }
    }

    private void EnforceAccessList(Principal who, IPAddress remote)
    {
        var list = who.AccessList;
        if (list.Count == 0)
        {
            if (S.Orgs.TryGetValue(who.OrgId, out var org) && org.ApiAccessListRequired)
                throw new ApiException(403, "ORG_REQUIRES_ACCESS_LIST", "This organization requires access through an access list of IP addresses.", null, who.OrgId);
            return;
        }
        var hit = list.Where(e => e.Contains(remote)).OrderByDescending(e => e.Prefix).FirstOrDefault();
        if (hit is null)
            throw new ApiException(403, "IP_ADDRESS_NOT_ON_ACCESS_LIST", $"IP address {remote} is not allowed to access this resource.", null, remote.ToString());
        hit.Count++;
        hit.LastUsed = DateTimeOffset.UtcNow;
        hit.LastUsedAddress = remote.ToString();
    }

    private ApiResult Route(HttpContext ctx, string method, string[] segs, string rawPath, string rawQuery, string body, Principal who, IPAddress remote)
    {
        Route? pathMatch = null;
        foreach (var route in _routes)
        {
            if (!route.TryMatch(segs, out var ps)) continue;
            pathMatch ??= route;
            if (route.Method != method) continue;

            var accept = ctx.Request.Headers.Accept.ToString();
            var mediaType = Negotiate(accept, route.Versions)
                ?? throw new ApiException(406, "INVALID_MEDIA_TYPE_VERSION",
                    $"Accept must name one of: {string.Join(", ", route.Versions)} (got '{accept}').", null, accept);
            if (route.HasBody && body.Length > 0)
            {
                var ct = (ctx.Request.ContentType ?? "").Split(';')[0].Trim();
                var allowed = route.Versions.Where(v => v.EndsWith("+json", StringComparison.Ordinal));
                if (!allowed.Any(v => string.Equals(v, ct, StringComparison.OrdinalIgnoreCase)))
                    throw new ApiException(415, "UNSUPPORTED_MEDIA_TYPE", $"Content-Type must be one of: {string.Join(", ", allowed)} (got '{ct}').", null, ct);
            }
            var call = new Call
            {
                Method = method, RawPath = rawPath, Params = ps, Query = ParseQuery(rawQuery), Body = body, Who = who,
                BaseUrl = $"{ctx.Request.Scheme}://{ctx.Request.Host}", Remote = remote, MediaType = mediaType,
            };
            call.Pretty = call.Q("pretty") == "true";
            var result = route.Handler(call);
            // The spec declares the versioned media type on 204 answers too (DELETE, addGroupApiKey).
            if (result.Status == 204 && result.ContentType is null) result = result.WithContentType(call.MediaType);
            return result;
        }
        if (pathMatch is not null)
            throw new ApiException(405, "METHOD_NOT_ALLOWED", $"Method {method} is not allowed on {rawPath}.");
        throw new ApiException(404, "RESOURCE_NOT_FOUND", $"Cannot find resource {rawPath}.");
    }

    private static string? Negotiate(string accept, string[] versions)
    {
        foreach (var part in accept.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var mt = part.Split(';')[0].Trim();
            var hit = versions.FirstOrDefault(v => string.Equals(v, mt, StringComparison.OrdinalIgnoreCase));
            if (hit is not null) return hit;
        }
        return null;
    }

    private static Dictionary<string, List<string>> ParseQuery(string rawQuery)
    {
        var d = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (rawQuery.Length <= 1) return d;
        foreach (var pair in rawQuery[1..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            string k, v;
            try
            {
                k = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                v = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException) { continue; }
            if (!d.TryGetValue(k, out var list)) d[k] = list = new List<string>();
            list.Add(v);
        }
        return d;
    }
}
