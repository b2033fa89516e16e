#if NETFRAMEWORK
using System;
using System.IO;
using System.Management.Automation;
using System.Reflection;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Windows PowerShell 5.1 gives a module no binding redirects, and the net472 closure of System.Text.Json and
    /// Polly.Core asks for versions of System.Memory, System.Runtime.CompilerServices.Unsafe,
    /// Microsoft.Bcl.AsyncInterfaces... that differ from the ones shipped. This handler answers any request for an
    /// assembly whose simple name is shipped in this module's bin/net472 folder with the shipped file, whatever
    /// version was asked for. It only uses System.IO and System.Reflection, so registering it loads none of them.
    /// </summary>
    public sealed class ModuleInit : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        private static readonly string BinFolder = Path.GetDirectoryName(typeof(ModuleInit).Assembly.Location) ?? "";

        public void OnImport() => AppDomain.CurrentDomain.AssemblyResolve += Resolve;

        public void OnRemove(PSModuleInfo psModuleInfo) => AppDomain.CurrentDomain.AssemblyResolve -= Resolve;

        private static Assembly? Resolve(object? sender, ResolveEventArgs args)
        {
            string? simpleName;
            try { simpleName = new AssemblyName(args.Name).Name; }
            catch (ArgumentException) { return null; }
            catch (FileLoadException) { return null; }
            if (string.IsNullOrEmpty(simpleName)) return null;

            var candidate = Path.Combine(BinFolder, simpleName + ".dll");
            if (!File.Exists(candidate)) return null;

            foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
            {
                if (!loaded.IsDynamic && string.Equals(loaded.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase)
                    && string.Equals(SafeLocation(loaded), candidate, StringComparison.OrdinalIgnoreCase))
                    return loaded;
            }
            return Assembly.LoadFrom(candidate);
        }

        private static string SafeLocation(Assembly a)
        {
            try { return a.Location; } catch (NotSupportedException) { return ""; }
        }
    }
}
#endif
