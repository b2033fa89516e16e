using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace AtlasPS.Bench;

/// <summary>
/// The naive baseline: what a script gets from one Atlas CLI (or curl --digest) command per item.
/// .NET's built-in digest (CredentialCache "Digest", PreAuthenticate=false), so every call is challenged (401 + retry),
/// one call at a time, itemsPerPage=100 (the Atlas default), one access-list entry per POST, one project per grant.
/// It keeps its TCP connection alive and starts no process per command, which flatters it compared to a real CLI loop.
/// </summary>
public sealed class NaiveAtlas : IDisposable
{
    private const string V2023 = "application/vnd.atlas.2023-01-01+json";
    private const string V2024 = "application/vnd.atlas.2024-08-05+json";
    private readonly HttpClient http;
    private readonly Uri baseUri;

    public NaiveAtlas(Uri baseUri, string publicKey, string privateKey)
    {
        this.baseUri = baseUri;
        var cache = new CredentialCache { { baseUri, "Digest", new NetworkCredential(publicKey, privateKey) } };
        var handler = new SocketsHttpHandler { Credentials = cache, PreAuthenticate = false, UseProxy = false, AllowAutoRedirect = false };
        http = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task<JsonNode?> SendAsync(HttpMethod method, string path, string mediaType, JsonNode? body = null)
    {
        using var req = new HttpRequestMessage(method, new Uri(baseUri, path));
        req.Headers.Accept.ParseAdd(mediaType);
        if (body is not null)
        {
            req.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            req.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        }
        using var resp = await http.SendAsync(req).ConfigureAwait(false);
        var text = await resp.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!resp.IsSuccessStatusCode)
            throw new InvalidOperationException($"Baseline {method} {path} -> {(int)resp.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    /// <summary>Page by page, 100 items per page, until a short page (or totalCount reached when the API gives it).</summary>
    public async Task<List<JsonNode>> ListAllAsync(string path, string mediaType)
    {
        var all = new List<JsonNode>();
        for (var page = 1; ; page++)
        {
            var sep = path.Contains('?') ? '&' : '?';
            var r = await SendAsync(HttpMethod.Get, $"{path}{sep}pageNum={page}&itemsPerPage=100", mediaType).ConfigureAwait(false);
            var results = r?["results"]?.AsArray() ?? new JsonArray();
            foreach (var n in results) all.Add(n!);
            var total = r?["totalCount"]?.GetValue<long?>();
            if (results.Count < 100 || (total is { } t && all.Count >= t)) return all;
        }
    }

    public static string OrgMedia => V2023;
    public static string SaMedia => V2024;

    public void Dispose() => http.Dispose();
}
