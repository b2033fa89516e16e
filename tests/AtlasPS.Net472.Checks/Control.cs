using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace AtlasPS.Net472.Checks
{
    /// <summary>
    /// The line protocol with the driver (tests/AtlasPS.Tests/MonoNet472Tests.cs), which owns the emulator:
    /// this program writes "@ctl {json}" on stdout and reads one JSON line back on stdin.
    /// Operations: hello (seed), reset (faults off, log cleared), faults {...}, log.
    /// </summary>
    internal static class Control
    {
        public const string Prefix = "@ctl ";
        private static readonly object Gate = new object();

        public static JsonNode Call(JsonObject request)
        {
            lock (Gate)
            {
                Console.Out.WriteLine(Prefix + request.ToJsonString());
                Console.Out.Flush();
                var line = Console.In.ReadLine() ?? throw new InvalidOperationException("The driver closed the control channel.");
                var reply = JsonNode.Parse(line) ?? throw new InvalidOperationException("Empty control reply.");
                if (reply is JsonObject o && o["error"] is JsonNode e) throw new InvalidOperationException("Driver: " + e.GetValue<string>());
                return reply;
            }
        }

        public static void Reset() => Call(new JsonObject { ["op"] = "reset" });

        /// <summary>Fault switches by FaultSettings property name (TooManyRequestsBurst, RetryAfterSeconds, LatencyMs...), plus Drop.</summary>
        public static void Faults(JsonObject settings)
        {
            settings["op"] = "faults";
            Call(settings);
        }

        public static IReadOnlyList<LogEntry> Log()
        {
            var arr = Call(new JsonObject { ["op"] = "log" }).AsArray();
            return arr.Select(n => new LogEntry(
                n!["method"]!.GetValue<string>(), n["path"]!.GetValue<string>(), n["query"]!.GetValue<string>(),
                n["status"]!.GetValue<int>(), n["challenged"]!.GetValue<bool>(), n["dropped"]!.GetValue<bool>(),
                n["principal"]?.GetValue<string>(), n["arrived"]!.GetValue<long>(), n["completed"]!.GetValue<long>())).ToList();
        }
    }

    /// <summary>One request as the emulator saw it; Arrived/Completed are UTC ticks (ordering only, never durations).</summary>
    internal sealed class LogEntry
    {
        public LogEntry(string method, string path, string query, int status, bool challenged, bool dropped, string? principal, long arrived, long completed)
        {
            Method = method; Path = path; Query = query; Status = status; Challenged = challenged; Dropped = dropped;
            Principal = principal; Arrived = arrived; Completed = completed;
        }
        public string Method { get; }
        public string Path { get; }
        public string Query { get; }
        public int Status { get; }
        public bool Challenged { get; }
        public bool Dropped { get; }
        public string? Principal { get; }
        public long Arrived { get; }
        public long Completed { get; }
        public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} {1}{2} -> {3}{4}", Method, Path, Query, Status, Challenged ? " (challenge)" : "");
    }

    /// <summary>What the emulator seeded (the driver's answer to hello).</summary>
    internal sealed class Seed
    {
        public Seed(JsonNode n)
        {
            BaseUri = new Uri(n["baseUri"]!.GetValue<string>());
            OrgId = n["orgId"]!.GetValue<string>();
            PublicKey = n["publicKey"]!.GetValue<string>();
            PrivateKey = n["privateKey"]!.GetValue<string>();
            OwnerApiKeyId = n["ownerApiKeyId"]!.GetValue<string>();
            ClientId = n["clientId"]!.GetValue<string>();
            ClientSecret = n["clientSecret"]!.GetValue<string>();
            ProjectIds = n["projectIds"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray();
        }
        public Uri BaseUri { get; }
        public string OrgId { get; }
        public string PublicKey { get; }
        public string PrivateKey { get; }
        public string OwnerApiKeyId { get; }
        public string ClientId { get; }
        public string ClientSecret { get; }
        public string[] ProjectIds { get; }
    }
}
