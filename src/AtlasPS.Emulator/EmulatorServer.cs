using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace AtlasPS.Emulator;

/// <summary>An in-memory, stateful stand-in for the Atlas Admin API v2, listening on 127.0.0.1.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Api _api;

    private EmulatorServer(WebApplication app, EmulatorOptions options, EmulatorState state, EmulatorSeed seed)
    {
        _app = app;
        Options = options;
        State = state;
        Seed = seed;
        _api = new Api(this);
    }

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    /// <summary>http://[::1]:port when <see cref="EmulatorOptions.ListenIPv6Loopback"/> is set, else null.</summary>
    public Uri? BaseUriIPv6 { get; private set; }
    public EmulatorSeed Seed { get; }
    public EmulatorState State { get; }
    public FaultSettings Faults { get; } = new();
    public RequestLog Requests { get; } = new();
    public EmulatorOptions Options { get; }

    internal Auth Auth => _api.Auth;

    /// <summary>Starts the emulator (binds 127.0.0.1 on <see cref="EmulatorOptions.Port"/>, 0 = any free port).</summary>
    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, options.Port);
            if (options.ListenIPv6Loopback) k.Listen(IPAddress.IPv6Loopback, 0);
        });
        var app = builder.Build();

        var state = new EmulatorState();
        EmulatorSeed seed;
        lock (state.Sync)
        {
            var org = state.AddOrg(options.OrgName);
            state.DefaultOrgId = org.Id;
            var projects = new List<string>();
            for (var i = 1; i <= options.ProjectCount; i++) projects.Add(state.AddProject($"Project-{i}", org.Id).Id);
            var key = state.AddApiKey(org.Id, "Seeded owner key", new[] { "ORG_OWNER" }, options.SeedPublicKey, options.SeedPrivateKey);
            var sa = state.AddServiceAccount(org.Id, "Seeded owner service account", "Seeded by the emulator", new[] { "ORG_OWNER" });
            var secret = EmulatorState.AddSecret(sa, TimeSpan.FromHours(options.SeedSecretExpiresAfterHours), options.SeedClientSecret);
            seed = new EmulatorSeed(org.Id, org.Name, projects, key.Id, key.PublicKey, key.PrivateKey, sa.ClientId, secret.Value);
        }

        var server = new EmulatorServer(app, options, state, seed);
        app.Run(server._api.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        server.BaseUri = new Uri(addresses.First(a => a.Contains("127.0.0.1", StringComparison.Ordinal)).TrimEnd('/'));
        var v6 = addresses.FirstOrDefault(a => a.Contains("[::1]", StringComparison.Ordinal));
        server.BaseUriIPv6 = v6 is null ? null : new Uri(v6.TrimEnd('/'));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try { await _app.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Thrown by handlers; turned into an Atlas error body.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(int status, string errorCode, string detail, IEnumerable<(string Field, string Description)>? fields = null, params string[] parameters)
        : base(detail)
    {
        Status = status;
        ErrorCode = errorCode;
        Fields = fields?.ToList();
        Parameters = parameters;
    }

    public int Status { get; }
    public string ErrorCode { get; }
    public List<(string Field, string Description)>? Fields { get; }
    public string[] Parameters { get; }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool DigestChallenge { get; init; }
}

internal sealed class ApiResult
{
    public int Status { get; init; } = 200;
    public string? ContentType { get; init; }
    private string? _body;
    private JsonNode? _node;
    private ReadOnlyMemory<byte>? _utf8;
    private bool _pretty;
    /// <summary>The body as text (for tests and logs); the server writes <see cref="Utf8Body"/>.</summary>
    public string? Body { get => _body ?? (_node is null && _utf8 is null ? null : Text.Utf8.GetString(Utf8Body()!.Value.Span)); init => _body = value; }

    /// <summary>
    /// The body as UTF-8, as it goes on the wire. A JSON body is written straight from its node to UTF-8 when the
    /// answer is sent, outside the state lock; no intermediate string (a page of 500 keys is some 150 KB of text,
    /// and two large copies of it per request were most of what the emulator spent on a page).
    /// </summary>
    public ReadOnlyMemory<byte>? Utf8Body()
    {
        if (_utf8 is { } utf8) return utf8;
        if (_node is null)
        {
            // Spelled out: "cond ? null : bytes" would turn a missing body into an empty one (byte[] -> ReadOnlyMemory).
            if (_body is null) return null;
            return Text.Utf8.GetBytes(_body);
        }
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(16 * 1024);
        var options = _pretty ? Api.Pretty : Api.Compact;
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = options.WriteIndented, Encoder = options.Encoder }))
            _node.WriteTo(writer, options);
        return buffer.WrittenMemory;
    }
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);
    public bool DigestChallenged { get; init; }
    public string? Principal { get; set; }

    public static ApiResult Json(int status, JsonNode body, string contentType, bool pretty = false) => new()
    {
        Status = status, ContentType = contentType, _node = body, _pretty = pretty,
    };

    /// <summary>A JSON answer already written as UTF-8 (pages of lists).</summary>
    public static ApiResult Utf8Json(int status, ReadOnlyMemory<byte> body, string contentType) => new()
    {
        Status = status, ContentType = contentType, _utf8 = body,
    };

    public static ApiResult NoContent() => new() { Status = 204 };

    public ApiResult WithContentType(string contentType)
    {
        var r = new ApiResult { Status = Status, ContentType = contentType, _body = _body, _node = _node, _utf8 = _utf8, _pretty = _pretty, DigestChallenged = DigestChallenged, Principal = Principal };
        foreach (var h in Headers) r.Headers[h.Key] = h.Value;
        return r;
    }

    public static ApiResult Error(ApiException e)
    {
        var body = new JsonObject
        {
            ["detail"] = e.Message,
            ["error"] = e.Status,
            ["errorCode"] = e.ErrorCode,
            // The spec types ApiError.parameters as an array of objects.
            ["parameters"] = new JsonArray(e.Parameters.Select(p => (JsonNode?)new JsonObject { ["value"] = p }).ToArray()),
            ["reason"] = ReasonPhrase(e.Status),
        };
        if (e.Fields is { Count: > 0 })
        {
            body["badRequestDetail"] = new JsonObject
            {
                ["fields"] = new JsonArray(e.Fields.Select(f => (JsonNode?)new JsonObject { ["field"] = f.Field, ["description"] = f.Description }).ToArray()),
            };
        }
        var r = new ApiResult { Status = e.Status, ContentType = "application/json", Body = body.ToJsonString(Api.Compact), DigestChallenged = e.DigestChallenge };
        foreach (var h in e.Headers) r.Headers[h.Key] = h.Value;
        return r;
    }

    public static string ReasonPhrase(int status) => status switch
    {
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 405 => "Method Not Allowed",
        406 => "Not Acceptable", 409 => "Conflict", 415 => "Unsupported Media Type", 429 => "Too Many Requests",
        500 => "Internal Server Error", 503 => "Service Unavailable", _ => "Error",
    };
}

internal static class Text
{
    public static readonly UTF8Encoding Utf8 = new(false);
}

/// <summary>
/// A list whose items are turned into JSON only when read by index: a page of 500 out of 5,000 items
/// builds 500 nodes, not 5,000.
/// </summary>
internal sealed class LazyNodes<T> : IReadOnlyList<JsonNode>
{
    private readonly IReadOnlyList<T> _source;
    private readonly Func<T, JsonNode> _project;
    public LazyNodes(IEnumerable<T> source, Func<T, JsonNode> project) { _source = source as IReadOnlyList<T> ?? source.ToList(); _project = project; }
    public JsonNode this[int index] => _project(_source[index]);
    public int Count => _source.Count;
    public IEnumerator<JsonNode> GetEnumerator() { foreach (var s in _source) yield return _project(s); }
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    /// <summary>Stays lazy (call sites read like the eager LINQ they replaced).</summary>
    public LazyNodes<T> ToList() => this;
    public JsonNode?[] ToArray() => this.Select(n => (JsonNode?)n).ToArray();
}

internal static class LazyNodesExtensions
{
    public static LazyNodes<T> ProjectLazily<T>(this IEnumerable<T> source, Func<T, JsonNode> project) => new(source, project);
}
