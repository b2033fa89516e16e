using System;
using System.Collections.Generic;
using System.Text;

namespace AtlasPS.Core.Http
{
    /// <summary>Values for a path template's {placeholders}. Each value is escaped exactly once (a CIDR's "/" becomes %2F).</summary>
    public sealed class RouteValues
    {
        private readonly Dictionary<string, string> values = new Dictionary<string, string>(StringComparer.Ordinal);
        public static RouteValues Empty => new RouteValues();

        public RouteValues Add(string name, string value)
        {
            if (string.IsNullOrEmpty(value)) throw new ArgumentException("Route value '" + name + "' is empty.", nameof(value));
            values[name] = value;
            return this;
        }

        public static RouteValues Org(string orgId) => new RouteValues().Add("orgId", orgId);
        public static RouteValues Group(string groupId) => new RouteValues().Add("groupId", groupId);

        /// <summary>Fills the template; throws when a placeholder has no value.</summary>
        public string Expand(string template)
        {
            var sb = new StringBuilder(template.Length + 32);
            int i = 0;
            while (i < template.Length)
            {
                int open = template.IndexOf('{', i);
                if (open < 0) { sb.Append(template, i, template.Length - i); break; }
                int close = template.IndexOf('}', open);
                sb.Append(template, i, open - i);
                string name = template.Substring(open + 1, close - open - 1);
                if (!values.TryGetValue(name, out var v)) throw new InvalidOperationException("No value for {" + name + "} in " + template);
                sb.Append(Uri.EscapeDataString(v));
                i = close + 1;
            }
            return sb.ToString();
        }
    }

    /// <summary>Query-string parameters, in order, repeated keys allowed (OpenAPI form/explode).</summary>
    public sealed class QueryValues : List<KeyValuePair<string, string>>
    {
        public QueryValues Add(string name, string? value)
        {
            if (value != null) Add(new KeyValuePair<string, string>(name, value));
            return this;
        }
        public QueryValues Add(string name, bool? value) => value.HasValue ? Add(name, value.Value ? "true" : "false") : this;
        public QueryValues Add(string name, int? value) => value.HasValue ? Add(name, value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)) : this;

        public string ToQueryString()
        {
            if (Count == 0) return "";
            var sb = new StringBuilder("?");
            for (int i = 0; i < Count; i++)
            {
                if (i > 0) sb.Append('&');
                sb.Append(Uri.EscapeDataString(this[i].Key)).Append('=').Append(Uri.EscapeDataString(this[i].Value));
            }
            return sb.ToString();
        }
    }
}
