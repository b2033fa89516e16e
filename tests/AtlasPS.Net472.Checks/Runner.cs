using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Net472.Checks
{
    /// <summary>Runs the named checks in order; one output line each.</summary>
    internal static class Runner
    {
        public const string Pass = "PASS ";
        public const string Fail = "FAIL ";
        /// <summary>Per check; a hang is a failure, not a stuck test run.</summary>
        private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(2);

        public static int Run(string[] args, string binFolder)
        {
            HashSet<string>? only = null;
            for (int i = 0; i + 1 < args.Length; i++)
                if (args[i] == "--only") only = new HashSet<string>(args[i + 1].Split(','), StringComparer.Ordinal);

            var runtime = Type.GetType("Mono.Runtime") != null ? "Mono" : ".NET Framework";
            var core = typeof(Core.AtlasClient).Assembly;
            Console.Out.WriteLine($"# runtime {runtime} {Environment.Version}; AtlasPS.Core from {core.Location}");
            if (binFolder.Length > 0 && !core.Location.StartsWith(binFolder, StringComparison.OrdinalIgnoreCase))
            {
                Console.Out.WriteLine(Fail + "module-assemblies: AtlasPS.Core was loaded from " + core.Location + ", not from " + binFolder);
                return 1;
            }

            var seed = new Seed(Control.Call(new JsonObject { ["op"] = "hello" }));
            int failed = 0;
            foreach (var check in Checks.All)
            {
                if (only != null && !only.Contains(check.Name)) continue;
                string? error = null;
                try
                {
                    Control.Reset();
                    var ctx = new CheckContext(seed);
                    var task = Task.Run(() => check.Body(ctx));
                    if (!task.Wait(CheckTimeout)) error = "did not finish within " + CheckTimeout.TotalSeconds + " s";
                    else task.GetAwaiter().GetResult();
                }
                catch (Exception ex)
                {
                    var e = ex is AggregateException a && a.InnerExceptions.Count == 1 ? a.InnerExceptions[0] : ex;
                    error = e is CheckFailed ? e.Message : e.GetType().FullName + ": " + e.Message + " @ " + FirstFrame(e);
                }
                if (error is null) Console.Out.WriteLine(Pass + check.Name);
                else { failed++; Console.Out.WriteLine(Fail + check.Name + ": " + OneLine(error)); }
                Console.Out.Flush();
            }
            return failed == 0 ? 0 : 1;
        }

        /// <summary>Control characters made visible, so that a stray "\r\nParameter name: x" shows in the one line.</summary>
        public static string OneLine(string s) => s.Replace("\r", "\\r").Replace("\n", "\\n");

        private static string FirstFrame(Exception e) =>
            (e.StackTrace ?? "").Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
    }

    internal sealed class Check
    {
        public Check(string name, Func<CheckContext, Task> body) { Name = name; Body = body; }
        public string Name { get; }
        public Func<CheckContext, Task> Body { get; }
    }

    internal sealed class CheckFailed : Exception
    {
        public CheckFailed(string message) : base(message) { }
    }

    /// <summary>Assertions that say what was expected and what came.</summary>
    internal static class Expect
    {
        public static void True(bool condition, string what)
        {
            if (!condition) throw new CheckFailed(what);
        }

        public static void Equal<T>(T expected, T actual, string what)
        {
            if (!EqualityComparer<T>.Default.Equals(expected, actual))
                throw new CheckFailed($"{what}: expected <{expected}>, got <{actual}>");
        }

        public static void Sequence<T>(IEnumerable<T> expected, IEnumerable<T> actual, string what)
        {
            var e = expected.ToList();
            var a = actual.ToList();
            if (!e.SequenceEqual(a))
                throw new CheckFailed($"{what}: expected [{string.Join(", ", e)}], got [{string.Join(", ", a)}]");
        }

        public static async Task<TException> Throws<TException>(Func<Task> action, string what) where TException : Exception
        {
            try { await action().ConfigureAwait(false); }
            catch (TException ex) { return ex; }
            catch (Exception ex) { throw new CheckFailed($"{what}: expected {typeof(TException).Name}, got {ex.GetType().Name}: {ex.Message}"); }
            throw new CheckFailed($"{what}: expected {typeof(TException).Name}, nothing was thrown");
        }

        public static TException Throws<TException>(Action action, string what) where TException : Exception
        {
            try { action(); }
            catch (TException ex) { return ex; }
            catch (Exception ex) { throw new CheckFailed($"{what}: expected {typeof(TException).Name}, got {ex.GetType().Name}: {ex.Message}"); }
            throw new CheckFailed($"{what}: expected {typeof(TException).Name}, nothing was thrown");
        }

        public static void NotContains(string haystack, string needle, string what)
        {
            if (needle.Length > 0 && haystack.IndexOf(needle, StringComparison.Ordinal) >= 0)
                throw new CheckFailed(what + ": the text contains a secret");
        }

        public static void Contains(string needle, string haystack, string what)
        {
            if (haystack.IndexOf(needle, StringComparison.Ordinal) < 0)
                throw new CheckFailed($"{what}: <{needle}> not found in <{haystack}>");
        }

        public static string Log(IEnumerable<LogEntry> log) => string.Join("; ", log.Select(e => e.ToString()));
    }
}
