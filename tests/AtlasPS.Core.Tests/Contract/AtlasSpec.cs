using Xunit;

namespace AtlasPS.Core.Tests.Contract;

/// <summary>
/// Where the official Atlas OpenAPI document is: $ATLASPS_OPENAPI when set, else ../shared/atlas/atlas-admin-api.json
/// beside the repository. A clone without it reports the spec-based tests as skipped (with this reason);
/// ATLASPS_REQUIRE_SPEC=1 (set by .ci/run) makes a missing spec a failure instead.
/// </summary>
public static class AtlasSpec
{
    public const string PathVariable = "ATLASPS_OPENAPI";
    public const string RequireVariable = "ATLASPS_REQUIRE_SPEC";

    /// <summary>../shared/atlas/atlas-admin-api.json next to the folder that holds AtlasPS.sln.</summary>
    public static string DefaultPath
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir != null && !File.Exists(System.IO.Path.Combine(dir.FullName, "AtlasPS.sln"))) dir = dir.Parent;
            string root = dir?.FullName ?? throw new InvalidOperationException("AtlasPS.sln not found above " + AppContext.BaseDirectory);
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "..", "shared", "atlas", "atlas-admin-api.json"));
        }
    }

    /// <summary>The spec's path, or null when it is not there.</summary>
    public static string? Find()
    {
        string? given = Environment.GetEnvironmentVariable(PathVariable);
        string path = string.IsNullOrWhiteSpace(given) ? DefaultPath : System.IO.Path.GetFullPath(given);
        return File.Exists(path) ? path : null;
    }

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true" or "True" or "TRUE";

    /// <summary>Why the spec-based tests do not run, and how to make them run.</summary>
    public static string MissingReason
    {
        get
        {
            string? given = Environment.GetEnvironmentVariable(PathVariable);
            string where = string.IsNullOrWhiteSpace(given)
                ? $"at {DefaultPath} (../shared/atlas/ beside the repository), and {PathVariable} is not set"
                : $"at {System.IO.Path.GetFullPath(given)} ({PathVariable})";
            return $"The Atlas OpenAPI spec (atlas-admin-api.json) is not {where}. Set {PathVariable} to the file, or put it in ../shared/atlas/, to run the spec-based contract tests.";
        }
    }

    /// <summary>
    /// The spec's path. When it is missing: the test is skipped (SkipException), or fails when ATLASPS_REQUIRE_SPEC=1.
    /// </summary>
    public static string Require()
    {
        var path = Find();
        if (path != null) return path;
        if (Required)
            throw new InvalidOperationException(MissingReason + $" {RequireVariable} is set, so this is a failure, not a skip.");
        Skip.If(true, MissingReason + $" (Set {RequireVariable}=1 to make this a failure, as .ci/run does.)");
        return "";
    }
}
