using System;
using System.IO;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace AtlasPS.Net472.Checks
{
    /// <summary>
    /// Usage: mono AtlasPS.Net472.Checks.exe [--bin &lt;module bin/net472 folder&gt;] [--only name,name]
    /// Talks to its driver over stdin/stdout (see <see cref="Control"/>): asks for the emulator's address and seeded
    /// credentials, switches faults, reads the request log. Prints "PASS name" or "FAIL name: reason" per check and
    /// exits 1 when any check failed.
    /// </summary>
    internal static class Program
    {
        private static string binFolder = "";

        private static int Main(string[] args)
        {
            for (int i = 0; i + 1 < args.Length; i++)
                if (args[i] == "--bin") binFolder = Path.GetFullPath(args[i + 1]);
            // As on Windows PowerShell 5.1: no binding redirects; the module's folder answers every request for an
            // assembly it ships, whatever version was asked for (the same rule as AtlasPS.Commands.ModuleInit).
            // Registered before any AtlasPS.Core type is touched: Run is a separate, non-inlined method.
            if (binFolder.Length > 0) AppDomain.CurrentDomain.AssemblyResolve += Resolve;
            return Run(args);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static int Run(string[] args) => Runner.Run(args, binFolder);

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? simpleName;
            try { simpleName = new AssemblyName(args.Name).Name; }
            catch (ArgumentException) { return null; }
            catch (FileLoadException) { return null; }
            if (string.IsNullOrEmpty(simpleName)) return null;
            var candidate = Path.Combine(binFolder, simpleName + ".dll");
            if (!File.Exists(candidate)) return null;
            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(loaded.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(Location(loaded), candidate, StringComparison.OrdinalIgnoreCase))
                    return loaded;
            }
            return Assembly.LoadFrom(candidate);
        }

        private static string Location(Assembly a)
        {
            try { return a.Location; } catch (NotSupportedException) { return ""; }
        }
    }
}
