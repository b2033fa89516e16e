using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using Refit;

namespace AtlasPS.Core.Http
{
    /// <summary>The operations of <see cref="IAtlasApi"/>, and which one a request sends (from Refit's request properties).</summary>
    public static class AtlasOperations
    {
        private static readonly Lazy<Dictionary<string, AtlasOperation>> byMethod = new Lazy<Dictionary<string, AtlasOperation>>(Read);

        /// <summary>Every operation AtlasPS sends.</summary>
        public static IReadOnlyList<AtlasOperation> All => byMethod.Value.Values.ToList();

        public static AtlasOperation Get(string operationId) =>
            byMethod.Value.Values.FirstOrDefault(o => o.OperationId == operationId)
            ?? throw new KeyNotFoundException("No operation " + operationId + " in IAtlasApi.");

        /// <summary>The operation Refit is sending with this request (Refit names the interface method on every request).</summary>
        internal static AtlasOperation? Of(HttpRequestMessage request)
        {
            string key = HttpRequestMessageOptions.MethodName;
#if NET8_0_OR_GREATER
            var options = (IDictionary<string, object?>)request.Options;
            if (!options.TryGetValue(key, out var name)) return null;
#else
            if (!request.Properties.TryGetValue(key, out var name)) return null;
#endif
            return name is string s && byMethod.Value.TryGetValue(s, out var op) ? op : null;
        }

        private static Dictionary<string, AtlasOperation> Read()
        {
            var result = new Dictionary<string, AtlasOperation>(StringComparer.Ordinal);
            foreach (var m in typeof(IAtlasApi).GetMethods())
            {
                var id = m.GetCustomAttribute<AtlasOperationAttribute>();
                var http = m.GetCustomAttribute<HttpMethodAttribute>();
                if (id is null || http is null) throw new InvalidOperationException("IAtlasApi." + m.Name + " lacks [AtlasOperation] or an HTTP method attribute.");
                string accept = (m.GetCustomAttribute<HeadersAttribute>()?.Headers ?? Array.Empty<string>())
                    .FirstOrDefault(h => h.StartsWith("Accept:", StringComparison.OrdinalIgnoreCase)) ?? "";
                const string prefix = "application/vnd.atlas.";
                string mediaType = accept.Substring(accept.IndexOf(':') + 1).Trim();
                string version = mediaType.StartsWith(prefix, StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal)
                    ? mediaType.Substring(prefix.Length, mediaType.Length - prefix.Length - "+json".Length) : "";
                bool body = m.GetParameters().Any(p => p.GetCustomAttribute<BodyAttribute>() != null);
                result.Add(m.Name, new AtlasOperation(id.OperationId, http.Method.Method, http.Path, version, body, m.Name));
            }
            return result;
        }
    }
}
