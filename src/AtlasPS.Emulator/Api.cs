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

    // ------------------------------------------------------------------ shared helpers

    internal static string Iso(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static JsonArray SelfLinks(Call c, string path) => new(new JsonObject { ["href"] = c.BaseUrl + Prefix + path, ["rel"] = "self" });

    private static void WriteSelfLinks(Utf8JsonWriter w, Call c, string path)
    {
        w.WriteStartArray("links");
        w.WriteStartObject();
        w.WriteString("href", c.BaseUrl + Prefix + path);
        w.WriteString("rel", "self");
        w.WriteEndObject();
        w.WriteEndArray();
    }

    private static ApiResult Ok(Call c, JsonNode body, int status = 200) => ApiResult.Json(status, body, c.MediaType, c.Pretty);

    private static JsonArray Arr(IEnumerable<string> xs) => new(xs.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray());

    private static ApiException NotFound(string code, string detail, params string[] ps) => new(404, code, detail, null, ps);

    private static ApiException Invalid(string field, string description) =>
        new(400, "VALIDATION_ERROR", $"Invalid attribute {field}: {description}", new[] { (field, description) }, field);

    /// <summary>Paginates a list per the spec's pageNum / itemsPerPage / includeCount.</summary>
    private static ApiResult Page(Call c, IReadOnlyList<JsonNode> all, bool honourIncludeCount = true, bool paged = true, int status = 200)
        => Page(c, all, static (w, node) => node.WriteTo(w), honourIncludeCount, paged, status);

    /// <summary>
    /// Paginates a list, writing each item of the requested page straight to UTF-8 with <paramref name="writeItem"/>.
    /// The page is written here, under the state lock, so items are read consistently and nothing is copied; writing
    /// 500 keys this way costs a fraction of building and serialising a node tree for them.
    /// </summary>
    private static ApiResult Page<T>(Call c, IReadOnlyList<T> all, Action<Utf8JsonWriter, T> writeItem, bool honourIncludeCount = true, bool paged = true, int status = 200)
    {
        var pageNum = 1;
        var itemsPerPage = 100;
        var includeCount = true;
        if (paged)
        {
            pageNum = IntParam(c, "pageNum", 1, 1, int.MaxValue);
            itemsPerPage = IntParam(c, "itemsPerPage", 100, 1, 500);
        }
        if (honourIncludeCount && c.Q("includeCount") is { } ic)
        {
            if (!bool.TryParse(ic, out includeCount))
                throw new ApiException(400, "INVALID_PARAMETER", $"Invalid value '{ic}' for includeCount.", null, "includeCount");
        }
        var skip = (long)(pageNum - 1) * itemsPerPage;
        string Href(int page)
        {
            var q = new List<string>();
            foreach (var kv in c.Query)
            {
                if (kv.Key is "pageNum" or "itemsPerPage") continue;
                foreach (var v in kv.Value) q.Add(Uri.EscapeDataString(kv.Key) + "=" + Uri.EscapeDataString(v));
            }
            if (paged)
            {
                q.Add("pageNum=" + page.ToString(CultureInfo.InvariantCulture));
                q.Add("itemsPerPage=" + itemsPerPage.ToString(CultureInfo.InvariantCulture));
            }
            return c.BaseUrl + c.RawPath + (q.Count > 0 ? "?" + string.Join("&", q) : "");
        }
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using (var w = Writer(buffer, c.Pretty))
        {
            w.WriteStartObject();
            w.WriteStartArray("links");
            void Link(string href, string rel)
            {
                w.WriteStartObject();
                w.WriteString("href", href);
                w.WriteString("rel", rel);
                w.WriteEndObject();
            }
            if (paged && pageNum > 1) Link(Href(pageNum - 1), "previous");
            Link(Href(pageNum), "self");
            if (paged && skip + itemsPerPage < all.Count) Link(Href(pageNum + 1), "next");
            w.WriteEndArray();
            w.WriteStartArray("results");
            for (long i = skip; i < all.Count && i < skip + itemsPerPage; i++) writeItem(w, all[(int)i]);
            w.WriteEndArray();
            if (includeCount) w.WriteNumber("totalCount", all.Count);
            w.WriteEndObject();
        }
        return ApiResult.Utf8Json(status, buffer.WrittenMemory, c.MediaType);
    }

    /// <summary>A JSON writer with the emulator's settings (compact, or indented for <c>?pretty=true</c>).</summary>
    internal static Utf8JsonWriter Writer(IBufferWriter<byte> buffer, bool pretty) =>
        new(buffer, new JsonWriterOptions { Indented = pretty, Encoder = Compact.Encoder });

    /// <summary>A node built by a writer function: one definition of a resource's JSON serves lists and single answers.</summary>
    internal static JsonObject NodeFrom(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = Writer(buffer, pretty: false)) write(w);
        return JsonNode.Parse(buffer.WrittenSpan)!.AsObject();
    }

    private static int IntParam(Call c, string name, int dflt, int min, int max)
    {
        var s = c.Q(name);
        if (s is null) return dflt;
        if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
            throw new ApiException(400, "INVALID_PARAMETER", $"Invalid value '{s}' for {name}: must be an integer from {min} to {max}.", null, name);
        return v;
    }

    private static JsonNode ParseBody(Call c)
    {
        if (string.IsNullOrWhiteSpace(c.Body)) throw new ApiException(400, "INVALID_JSON", "A request body is required.");
        try
        {
            return JsonNode.Parse(c.Body) ?? throw new ApiException(400, "INVALID_JSON", "The request body must not be null.");
        }
        catch (JsonException ex)
        {
            throw new ApiException(400, "INVALID_JSON", "Malformed JSON: " + ex.Message);
        }
    }

    private static JsonObject BodyObject(Call c) => ParseBody(c) as JsonObject
        ?? throw new ApiException(400, "INVALID_JSON", "The request body must be a JSON object.");

    private static JsonArray BodyArray(Call c) => ParseBody(c) as JsonArray
        ?? throw new ApiException(400, "INVALID_JSON", "The request body must be a JSON array.");

    private static string? Str(JsonObject o, string field)
    {
        if (!o.TryGetPropertyValue(field, out var n) || n is null) return null;
        if (n is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw Invalid(field, "must be a string");
    }

    private static int? IntField(JsonObject o, string field)
    {
        if (!o.TryGetPropertyValue(field, out var n) || n is null) return null;
        if (n is JsonValue v && v.TryGetValue<int>(out var i)) return i;
        if (n is JsonValue v2 && v2.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
        throw Invalid(field, "must be an integer");
    }

    private static bool? BoolField(JsonObject o, string field)
    {
        if (!o.TryGetPropertyValue(field, out var n) || n is null) return null;
        if (n is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw Invalid(field, "must be a boolean");
    }

    private static List<string>? StrList(JsonObject o, string field)
    {
        if (!o.TryGetPropertyValue(field, out var n) || n is null) return null;
        if (n is not JsonArray a) throw Invalid(field, "must be an array of strings");
        var list = new List<string>();
        foreach (var item in a)
        {
            if (item is JsonValue v && v.TryGetValue<string>(out var s)) list.Add(s);
            else throw Invalid(field, "must be an array of strings");
        }
        return list;
    }
}
