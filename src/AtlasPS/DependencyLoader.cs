#if !NETFRAMEWORK
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AtlasPS.Commands
{
    /// <summary>
    /// PowerShell 7: the module's dependencies load into one private <see cref="AssemblyLoadContext"/>, so another
    /// module's copy of Polly.Core (or any other library AtlasPS.Core uses) cannot replace AtlasPS's, nor AtlasPS's
    /// replace theirs. Layout: bin/net8.0/AtlasPS.dll (the cmdlets, default context) and bin/net8.0/dependencies/
    /// (AtlasPS.Core and everything it needs, private context). The default context is only ever handed AtlasPS's own
    /// assemblies (AtlasPS.*) from that folder: the cmdlets reference AtlasPS.Core, and AtlasPS.Core's third-party
    /// references resolve inside the private context. Every assembly placed in the folder is served; nothing is listed
    /// by name. AtlasPS.psm1 calls <see cref="Register"/> before it imports AtlasPS.dll (type scanning during the import
    /// already needs AtlasPS.Core). Windows PowerShell 5.1 uses <c>ModuleInit</c> (an AssemblyResolve handler) instead.
    /// </summary>
    public static class DependencyLoader
    {
        private static readonly object Gate = new object();
        private static DependencyLoadContext? context;

        /// <summary>The folder the private context loads from.</summary>
        public static string DependencyFolder { get; } =
            Path.Combine(Path.GetDirectoryName(typeof(DependencyLoader).Assembly.Location) ?? "", "dependencies");

        /// <summary>The private context (null before <see cref="Register"/>).</summary>
        public static AssemblyLoadContext? Context => context;

        /// <summary>Registers the default context's resolver once per process; importing the module again is a no-op.</summary>
        public static void Register()
        {
            lock (Gate)
            {
                if (context != null) return;
                context = new DependencyLoadContext(DependencyFolder);
                AssemblyLoadContext.Default.Resolving += ResolveOwnAssembly;
            }
        }

        /// <summary>
        /// PowerShell resolves a type literal such as [AtlasPS.ApiKey] only among the default context's assemblies, so
        /// the public types of AtlasPS's own assemblies in the private context are registered as type accelerators under
        /// their full names. Returns the names added (for <see cref="RemoveTypeAccelerators"/> on Remove-Module); none
        /// when those assemblies loaded into the default context (a host that ships AtlasPS.Core itself).
        /// </summary>
        public static string[] AddTypeAccelerators()
        {
            var ctx = context;
            var accelerators = Accelerators();
            if (ctx is null || accelerators is null) return Array.Empty<string>();
            // Full names are ours alone, so no check against the existing ones (TypeAccelerators.Get copies the whole table).
            var add = accelerators.GetMethod("Add", new[] { typeof(string), typeof(Type) });
            if (add is null) return Array.Empty<string>();
            var added = new System.Collections.Generic.List<string>();
            foreach (var a in ctx.Assemblies)
            {
                if (a.GetName().Name?.StartsWith("AtlasPS.", StringComparison.OrdinalIgnoreCase) != true) continue;
                foreach (var t in a.GetExportedTypes())
                {
                    if (t.FullName is null) continue;
                    add.Invoke(null, new object[] { t.FullName, t });
                    added.Add(t.FullName);
                }
            }
            return added.ToArray();
        }

        /// <summary>Removes what <see cref="AddTypeAccelerators"/> added.</summary>
        public static void RemoveTypeAccelerators(string[] names)
        {
            var remove = Accelerators()?.GetMethod("Remove", new[] { typeof(string) });
            if (remove is null || names is null) return;
            foreach (var n in names) remove.Invoke(null, new object[] { n });
        }

        private static Type? Accelerators() =>
            typeof(System.Management.Automation.PSObject).Assembly.GetType("System.Management.Automation.TypeAccelerators");

        private static Assembly? ResolveOwnAssembly(AssemblyLoadContext requester, AssemblyName name)
        {
            var ctx = context;
            if (ctx is null || name.Name is null || !name.Name.StartsWith("AtlasPS.", StringComparison.OrdinalIgnoreCase)) return null;
            return ctx.TryLoad(name);
        }
    }
}
#endif
