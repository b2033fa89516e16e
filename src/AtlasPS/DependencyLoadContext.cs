#if !NETFRAMEWORK
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace AtlasPS.Commands
{
    /// <summary>Loads every assembly found in the dependency folder; anything else (the framework) falls back to the default context.</summary>
    internal sealed class DependencyLoadContext : AssemblyLoadContext
    {
        private readonly string folder;

        public DependencyLoadContext(string folder) : base("AtlasPS", isCollectible: false) => this.folder = folder;

        internal Assembly? TryLoad(AssemblyName name) => Load(name);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.IsNullOrEmpty(assemblyName.Name)) return null;
            foreach (var loaded in Assemblies)
                if (string.Equals(loaded.GetName().Name, assemblyName.Name, StringComparison.OrdinalIgnoreCase)) return loaded;
            var path = Path.Combine(folder, assemblyName.Name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
#endif
