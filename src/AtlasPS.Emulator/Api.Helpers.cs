using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace AtlasPS.Emulator;

internal sealed partial class Api
{
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
