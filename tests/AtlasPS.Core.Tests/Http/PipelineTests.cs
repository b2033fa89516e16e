using System.Text.Json.Nodes;
using AtlasPS.Core.Http;
using Xunit;

namespace AtlasPS.Core.Tests.Http;

public sealed class ErrorMappingTests
{
    [Fact]
    public async Task Atlas_json_error_becomes_AtlasApiException_with_every_detail()
    {
        await using var server = await TestServer.StartAsync((ctx, req) => TestServer.Json(ctx, 400,
            "{\"error\":400,\"errorCode\":\"INVALID_ATTRIBUTE\",\"detail\":\"Invalid attribute desc specified.\",\"reason\":\"Bad Request\",\"parameters\":[\"desc\"]," +
            "\"badRequestDetail\":{\"fields\":[{\"field\":\"desc\",\"description\":\"must not be blank\"}]}}", "application/json"));
        using var client = TestServer.Client(server);
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.PostKeyAsync());
        Assert.Equal(400, ex.StatusCode);
        Assert.Equal("INVALID_ATTRIBUTE", ex.ErrorCode);
        Assert.Equal("Invalid attribute desc specified.", ex.Detail);
        Assert.Equal("POST", ex.Method);
        Assert.Equal($"/api/atlas/v2/orgs/{Calls.Org}/apiKeys", ex.Path);
        var v = Assert.Single(ex.FieldViolations);
        Assert.Equal("desc", v.Field);
        Assert.Equal("must not be blank", v.Description);
        Assert.Contains("createOrgApiKey", ex.Message);
        Assert.Contains("Invalid attribute desc specified", ex.Message);
        Assert.Contains("desc: must not be blank", ex.Message);
        Assert.Equal(new[] { "desc" }, ex.Parameters);
    }

    [Fact]
    public async Task Non_json_body_still_gives_a_useful_message()
    {
        await using var server = await TestServer.StartAsync((ctx, req) =>
        {
            ctx.Response.StatusCode = 403;
            ctx.Response.ContentType = "text/html";
            return Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(ctx.Response, "<html><body>Blocked by proxy</body></html>");
        });
        using var client = TestServer.Client(server);
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(403, ex.StatusCode);
        Assert.Null(ex.ErrorCode);
        Assert.Contains("Blocked by proxy", ex.Message);
        Assert.Contains("not an Atlas error document", ex.Message);
        Assert.Contains("getOrg", ex.Message);
    }

    [Fact]
    public async Task Empty_body_still_gives_a_useful_message()
    {
        await using var server = await TestServer.StartAsync((ctx, req) => { ctx.Response.StatusCode = 404; return Task.CompletedTask; });
        using var client = TestServer.Client(server);
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.Equal(404, ex.StatusCode);
        Assert.Contains("HTTP 404", ex.Message);
        Assert.Contains("Not Found", ex.Message);
        Assert.Contains("Check the id", ex.Message);
    }
}

public sealed class WireTests
{
    [Fact]
    public async Task A_cidr_in_the_path_is_sent_as_2F_exactly_once()
    {
        await using var server = await TestServer.StartAsync((ctx, req) => TestServer.Status(ctx, 204));
        using var client = TestServer.Client(server);
        await client.ApiKeys.RemoveAccessListEntryAsync(Calls.Org, Calls.Key, "10.0.0.0/24");
        var raw = server.Requests.Single().RawTarget;
        Assert.Equal($"/api/atlas/v2/orgs/{Calls.Org}/apiKeys/{Calls.Key}/accessList/10.0.0.0%2F24", raw);
        Assert.DoesNotContain("%25", raw);
    }

    [Fact]
    public async Task Every_request_carries_the_versioned_media_type_and_the_User_Agent()
    {
        await using var server = await TestServer.StartAsync((ctx, req) => TestServer.Ok(ctx));
        using var client = TestServer.Client(server, configure: o => o.UserAgentSuffix = "PowerShell/7.6.0");
        await client.PostKeyAsync();
        var r = server.Requests.Single();
        Assert.Equal("application/vnd.atlas.2023-01-01+json", r.Accept);
        Assert.Equal("application/vnd.atlas.2023-01-01+json", r.ContentType);
        Assert.Matches(@"^AtlasPS/\S+ \([^;()]+; [^;()]+\) PowerShell/7\.6\.0$", r.UserAgent);
    }

    [Theory]
    [InlineData("http://cloud.example.com", "AtlasInsecureBaseUri")]
    [InlineData("http://10.1.2.3:8080", "AtlasInsecureBaseUri")]
    [InlineData("ftp://cloud.mongodb.com", "AtlasInvalidBaseUri")]
    public void Insecure_base_uris_are_refused(string uri, string errorId)
    {
        var ex = Assert.Throws<AtlasValidationException>(() => new AtlasClient(new AtlasClientOptions { BaseUri = new Uri(uri) }));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("https://", ex.Message);
    }

    [Theory]
    [InlineData("https://cloud.mongodb.com", "https://cloud.mongodb.com/")]
    [InlineData("https://atlas.internal.example:8443/some/path", "https://atlas.internal.example:8443/")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://[::1]:5000", "http://[::1]:5000/")]
    public void Https_anywhere_and_http_on_loopback_are_accepted(string uri, string expected)
    {
        using var client = new AtlasClient(new AtlasClientOptions { BaseUri = new Uri(uri) });
        Assert.Equal(new Uri(expected), client.BaseUri);
    }
}

public sealed class RedactionTests
{
    private const string PrivateCanary = "11111111-CANARY-PRIVATE-KEY-2222";
    private const string SecretCanary = "mdb_sa_sk_CANARYCLIENTSECRET";
    private const string TokenCanary = "CANARYACCESSTOKENeyJhbGciOi";

    private static void AssertClean(IEnumerable<AtlasDiagnosticEvent> events, params string[] canaries)
    {
        var text = string.Join("\n", events.Select(e => e.ToString() + " | " + e.Path + " | " + e.Message));
        Assert.NotEmpty(events);
        foreach (var c in canaries) Assert.DoesNotContain(c, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Basic ", text);
        Assert.DoesNotContain("Bearer ", text);
    }

    [Fact]
    public async Task Digest_calls_do_not_leak_the_private_key()
    {
        var gate = new DigestGate("pubkey01", PrivateCanary);
        // The server answers a create with a one-time private key in the body, then a failure that echoes it.
        int n = 0;
        await using var server = await TestServer.StartAsync(async (ctx, req) =>
        {
            if (!await gate.CheckAsync(ctx, req)) return;
            if (Interlocked.Increment(ref n) == 1) await TestServer.Json(ctx, 200, $"{{\"id\":\"x\",\"privateKey\":\"{PrivateCanary}\"}}");
            else await TestServer.Json(ctx, 409, $"{{\"error\":409,\"errorCode\":\"DUPLICATE\",\"detail\":\"dup\",\"privateKey\":\"{PrivateCanary}\",\"password\":\"{PrivateCanary}\"}}", "application/json");
        });
        var events = new List<AtlasDiagnosticEvent>();
        using var client = TestServer.Client(server, new ApiKeyCredential("pubkey01", Calls.Secure(PrivateCanary)), o => o.Diagnostics = e => { lock (events) events.Add(e); });
        await client.PostKeyAsync();
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.PostKeyAsync());
        AssertClean(events, PrivateCanary);
        Assert.Contains(events, e => e.Message == "digest challenge");
        Assert.Contains(events, e => e.Status == 409 && e.Message!.Contains("[redacted]"));
    }

    [Fact]
    public async Task OAuth_calls_do_not_leak_the_client_secret_or_the_token()
    {
        int apiCalls = 0;
        await using var server = await TestServer.StartAsync((ctx, req) =>
        {
            if (req.Path == "/api/oauth/token")
                return TestServer.Json(ctx, 200, $"{{\"access_token\":\"{TokenCanary}\",\"token_type\":\"Bearer\",\"expires_in\":3600}}", "application/json");
            if (req.Path == "/api/oauth/revoke") return Task.CompletedTask;
            return Interlocked.Increment(ref apiCalls) == 1 ? TestServer.Ok(ctx)
                : TestServer.Json(ctx, 500, $"{{\"error\":500,\"errorCode\":\"UNEXPECTED_ERROR\",\"detail\":\"token {TokenCanary} secret\",\"access_token\":\"{TokenCanary}\"}}", "application/json");
        });
        var events = new List<AtlasDiagnosticEvent>();
        var client = TestServer.Client(server, new ServiceAccountCredential("mdb_sa_id_abc", Calls.Secure(SecretCanary)), o =>
        {
            o.Diagnostics = e => { lock (events) events.Add(e); };
            o.MaxRetryAttempts = 1;
        });
        await client.GetOrgAsync();
        await Assert.ThrowsAsync<AtlasApiException>(() => client.PostKeyAsync());
        client.Dispose();
        Assert.Contains(events, e => e.Message != null && e.Message.StartsWith("token refreshed"));
        Assert.Contains(events, e => e.Message != null && e.Message.StartsWith("token revoked"));
        // Atlas's own error text can contain anything; the access_token field is redacted, free text is not parsed.
        var leaked = events.Where(e => e.Message != null && e.Message.Contains("\"access_token\":\"" + TokenCanary)).ToList();
        Assert.Empty(leaked);
        AssertClean(events.Where(e => e.Status != 500), SecretCanary, TokenCanary);
        AssertClean(events, SecretCanary);
    }

    [Fact]
    public async Task A_refused_token_request_does_not_leak_the_secret()
    {
        await using var server = await TestServer.StartAsync((ctx, req) =>
            TestServer.Json(ctx, 400, $"{{\"error\":\"invalid_client\",\"error_description\":\"bad secret\",\"client_secret\":\"{SecretCanary}\"}}", "application/json"));
        var events = new List<AtlasDiagnosticEvent>();
        using var client = TestServer.Client(server, new ServiceAccountCredential("mdb_sa_id_abc", Calls.Secure(SecretCanary)), o => o.Diagnostics = e => { lock (events) events.Add(e); });
        var ex = await Assert.ThrowsAsync<AtlasApiException>(() => client.GetOrgAsync());
        Assert.DoesNotContain(SecretCanary, ex.ToString());
        AssertClean(events, SecretCanary);
    }

    [Theory]
    [InlineData("{\"privateKey\":\"abc\",\"x\":1}", "{\"privateKey\":\"[redacted]\",\"x\":1}")]
    [InlineData("{\"secret\": \"a\\\"b\"}", "{\"secret\": \"[redacted]\"}")]
    [InlineData("{\"access_token\":\"t\",\"password\":\"p\"}", "{\"access_token\":\"[redacted]\",\"password\":\"[redacted]\"}")]
    [InlineData("token=abc&token_type_hint=access_token", "token=[redacted]&token_type_hint=access_token")]
    public void Redaction_of_secret_fields(string input, string expected) => Assert.Equal(expected, Redaction.Redact(input));
}

public sealed class OperationTableTests
{
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AtlasPS.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AtlasPS.sln not found above " + AppContext.BaseDirectory);
    }

    [SkippableFact]
    public void Every_operation_matches_the_spec_path_method_operationId_and_version()
    {
        var spec = JsonNode.Parse(File.ReadAllText(AtlasPS.Core.Tests.Contract.AtlasSpec.Require()))!;
        var problems = new List<string>();
        JsonNode? Resolve(JsonNode? n)
        {
            while (n?["$ref"] is JsonNode r)
            {
                var parts = r.GetValue<string>().TrimStart('#', '/').Split('/');
                n = spec;
                foreach (var p in parts) n = n?[p];
            }
            return n;
        }
        foreach (var op in AtlasOperations.All)
        {
            var path = spec["paths"]?[op.PathTemplate];
            if (path == null) { problems.Add($"{op}: path not in the spec"); continue; }
            var o = path[op.Method.ToLowerInvariant()];
            if (o == null) { problems.Add($"{op}: no {op.Method} under the path"); continue; }
            var id = o["operationId"]?.GetValue<string>();
            if (id != op.OperationId) problems.Add($"{op}: spec operationId is {id}");
            var declared = new HashSet<string>();
            foreach (var (code, resp) in o["responses"]!.AsObject())
                if (code.StartsWith('2') && Resolve(resp)?["content"] is JsonObject c) foreach (var kv in c) declared.Add(kv.Key);
            var body = Resolve(o["requestBody"]);
            if (op.HasRequestBody)
            {
                if (body == null) problems.Add($"{op}: the spec declares no request body");
                else if (body["content"] is JsonObject bc) foreach (var kv in bc) declared.Add(kv.Key);
            }
            else if (body?["required"]?.GetValue<bool>() == true) problems.Add($"{op}: the spec requires a request body");
            if (!declared.Contains(op.MediaType)) problems.Add($"{op}: {op.MediaType} not declared (declared: {string.Join(", ", declared)})");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(AtlasOperations.All.Count >= 40);
    }
}
