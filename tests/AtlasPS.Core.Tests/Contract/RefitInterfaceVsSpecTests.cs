using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AtlasPS.Core.Http;
using Refit;
using Xunit;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// The Refit interface IAtlasApi is the only declaration of what AtlasPS sends. Its attributes are read here by
/// reflection (not through the core's own reading of them) and checked against ../shared/atlas/atlas-admin-api.json:
/// route, method, operationId, Accept and Content-Type versions, and every path and query parameter.
/// </summary>
public sealed class RefitInterfaceVsSpecTests
{
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "AtlasPS.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AtlasPS.sln not found above " + AppContext.BaseDirectory);
    }

    private static IEnumerable<MethodInfo> Methods => typeof(IAtlasApi).GetMethods();

    private static string? HeaderValue(MethodInfo m, string name) =>
        (m.GetCustomAttribute<HeadersAttribute>()?.Headers ?? Array.Empty<string>())
            .Where(h => h.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Substring(name.Length + 1).Trim()).SingleOrDefault();

    [SkippableFact]
    public void Every_method_matches_the_spec_route_method_operationId_versions_and_parameters()
    {
        var spec = JsonNode.Parse(File.ReadAllText(AtlasSpec.Require()))!;
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

        var problems = new List<string>();
        int checkedMethods = 0;
        foreach (var m in Methods)
        {
            string name = "IAtlasApi." + m.Name;
            var http = m.GetCustomAttribute<HttpMethodAttribute>();
            var id = m.GetCustomAttribute<AtlasOperationAttribute>()?.OperationId;
            if (http == null || id == null) { problems.Add($"{name}: no HTTP method attribute or no [AtlasOperation]"); continue; }
            checkedMethods++;
            string verb = http.Method.Method.ToLowerInvariant();
            var path = spec["paths"]?[http.Path];
            if (path == null) { problems.Add($"{name}: {http.Path} is not a path of the spec"); continue; }
            var o = path[verb];
            if (o == null) { problems.Add($"{name}: no {http.Method} under {http.Path}"); continue; }
            if (o["operationId"]?.GetValue<string>() != id) problems.Add($"{name}: declares {id}, the spec calls {http.Method} {http.Path} {o["operationId"]}");

            // Accept: one of the 2xx answers' media types.
            var answers = new HashSet<string>();
            foreach (var (code, resp) in o["responses"]!.AsObject())
                if (code.StartsWith('2') && Resolve(resp)?["content"] is JsonObject c) foreach (var kv in c) answers.Add(kv.Key);
            string? accept = HeaderValue(m, "Accept");
            if (accept == null) problems.Add($"{name}: no Accept header");
            else if (answers.Count > 0 && !answers.Contains(accept)) problems.Add($"{name}: Accept {accept} not declared (declared: {string.Join(", ", answers)})");
            else if (answers.Count == 0 && !accept.StartsWith("application/vnd.atlas.", StringComparison.Ordinal)) problems.Add($"{name}: Accept {accept} is not versioned");

            // Body and Content-Type: the same version as Accept, declared for the request body.
            var parameters = m.GetParameters();
            var bodyParam = parameters.SingleOrDefault(p => p.GetCustomAttribute<BodyAttribute>() != null);
            string? contentType = HeaderValue(m, "Content-Type");
            var body = Resolve(o["requestBody"]);
            if (bodyParam != null)
            {
                if (body == null) problems.Add($"{name}: sends a body, the spec declares none");
                else if (contentType == null || body["content"]?[contentType] == null) problems.Add($"{name}: Content-Type {contentType} not declared for the request body");
                if (contentType != accept) problems.Add($"{name}: Content-Type {contentType} differs from Accept {accept}");
            }
            else
            {
                if (contentType != null) problems.Add($"{name}: Content-Type without a body");
                if (body?["required"]?.GetValue<bool>() == true) problems.Add($"{name}: the spec requires a request body");
            }

            // Path and query parameters: each one the method takes is declared by the operation, in the right place.
            var declared = new Dictionary<string, string>();
            foreach (var p in (path["parameters"]?.AsArray() ?? new JsonArray()).Concat(o["parameters"]?.AsArray() ?? new JsonArray()))
            {
                var r = Resolve(p);
                if (r?["name"] is JsonNode n && r["in"] is JsonNode where) declared[n.GetValue<string>()] = where.GetValue<string>();
            }
            foreach (var p in parameters)
            {
                if (p == bodyParam || p.ParameterType == typeof(CancellationToken)) continue;
                string pname = p.GetCustomAttribute<AliasAsAttribute>()?.Name ?? p.Name!;
                string where = http.Path.Contains("{" + pname + "}", StringComparison.Ordinal) ? "path" : "query";
                if (!declared.TryGetValue(pname, out var specWhere)) problems.Add($"{name}: parameter {pname} is not declared by {id}");
                else if (specWhere != where) problems.Add($"{name}: parameter {pname} is sent in the {where}, the spec has it in the {specWhere}");
            }
            foreach (var (pname, where) in declared)
                if (where == "path" && !http.Path.Contains("{" + pname + "}", StringComparison.Ordinal)) problems.Add($"{name}: path parameter {pname} missing");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(checkedMethods >= 40, checkedMethods + " methods checked");
    }

    [Fact]
    public void Method_names_and_operationIds_are_unique()
    {
        Assert.Equal(Methods.Count(), Methods.Select(m => m.Name).Distinct().Count());
        Assert.Equal(Methods.Count(), Methods.Select(m => m.GetCustomAttribute<AtlasOperationAttribute>()?.OperationId).Distinct().Count());
        Assert.Equal(Methods.Count(), AtlasOperations.All.Count);
    }

    /// <summary>
    /// Every operation AtlasPS uses is declared: no Atlas route is written anywhere in the core but IAtlasApi, and the
    /// only requests the core builds by hand are the OAuth token and revocation requests (not Admin API operations).
    /// </summary>
    [Fact]
    public void The_core_sends_Atlas_requests_only_through_the_Refit_interface()
    {
        var core = Path.Combine(RepoRoot(), "src", "AtlasPS.Core");
        var problems = new List<string>();
        foreach (var file in Directory.GetFiles(core, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)))
        {
            string rel = Path.GetRelativePath(core, file).Replace('\\', '/');
            // Code only: comments may give examples.
            string text = string.Join("\n", File.ReadAllLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
            if (rel != "Http/IAtlasApi.cs" && Regex.IsMatch(text, "\"[^\"\n]*/api/atlas/v2/[a-z{]")) problems.Add(rel + " names an Atlas route");
            if (rel != "Http/IAtlasApi.cs" && Regex.IsMatch(text, @"vnd\.atlas\.\d{4}-")) problems.Add(rel + " names an Atlas media-type version");
            if (rel != "Http/OAuthClientCredentialsHandler.cs" && text.Contains("new HttpRequestMessage", StringComparison.Ordinal)) problems.Add(rel + " builds a request by hand");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
