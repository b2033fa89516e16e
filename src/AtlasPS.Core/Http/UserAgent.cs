using System;
using System.Net.Http;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Http
{
    /// <summary>User-Agent: AtlasPS/&lt;informational version&gt; (&lt;OS&gt;; &lt;framework&gt;) [suffix].</summary>
    internal static class UserAgent
    {
        private static readonly Lazy<string> product = new Lazy<string>(() =>
        {
            var asm = typeof(UserAgent).Assembly;
            string version = asm.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? asm.GetName().Version?.ToString() ?? "0.0.0";
            version = version.Replace(' ', '-');
            return "AtlasPS/" + Clean(version) + " (" + Clean(RuntimeInformation.OSDescription) + "; " + Clean(RuntimeInformation.FrameworkDescription) + ")";
        });

        public static string Value(AtlasClientOptions options) =>
            string.IsNullOrWhiteSpace(options.UserAgentSuffix) ? product.Value : product.Value + " " + CleanSuffix(options.UserAgentSuffix!);

        // The suffix is product tokens and comments of its own (e.g. "PowerShell/7.4.6 (Core)"): only control characters go.
        private static string CleanSuffix(string s)
        {
            var chars = s.Trim().ToCharArray();
            for (int i = 0; i < chars.Length; i++) if (char.IsControl(chars[i]) || chars[i] > 126) chars[i] = ' ';
            return new string(chars);
        }

        public static void Apply(HttpRequestMessage request, AtlasClientOptions options)
        {
            request.Headers.Remove("User-Agent");
            request.Headers.TryAddWithoutValidation("User-Agent", Value(options));
        }

        // Header values must not carry control characters; parentheses inside comments would break the syntax.
        private static string Clean(string s)
        {
            var chars = s.Trim().ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (char.IsControl(c) || c > 126) chars[i] = ' ';
                else if (c == '(') chars[i] = '[';
                else if (c == ')') chars[i] = ']';
                else if (c == ';') chars[i] = ',';
            }
            return new string(chars);
        }
    }

    /// <summary>Sets the User-Agent on every request (outermost handler).</summary>
    internal sealed class UserAgentHandler : DelegatingHandler
    {
        private readonly AtlasClientOptions options;
        public UserAgentHandler(AtlasClientOptions options) { this.options = options; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            UserAgent.Apply(request, options);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
