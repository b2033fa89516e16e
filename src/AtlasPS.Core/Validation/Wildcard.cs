using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AtlasPS.Core.Validation
{
    /// <summary>
    /// PowerShell-style wildcards for the core (no System.Management.Automation here): * any run, ? one character,
    /// [abc]/[a-z] a set, ` escapes. Whole-string and case-insensitive, like -like.
    /// </summary>
    public static class Wildcard
    {
        public static bool HasWildcard(string? pattern)
        {
            if (string.IsNullOrEmpty(pattern)) return false;
            for (int i = 0; i < pattern!.Length; i++)
            {
                char c = pattern[i];
                if (c == '`') { i++; continue; }
                if (c == '*' || c == '?' || c == '[') return true;
            }
            return false;
        }

        public static bool IsMatch(string pattern, string? text) => ToRegex(pattern).IsMatch(text ?? "");

        /// <summary>True when any pattern matches; an empty pattern list matches everything.</summary>
        public static bool MatchesAny(IReadOnlyCollection<string>? patterns, string? text) =>
            patterns is null || patterns.Count == 0 || patterns.Any(p => IsMatch(p, text));

        public static Regex ToRegex(string pattern)
        {
            if (pattern is null) throw new ArgumentNullException(nameof(pattern));
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                if (c == '`' && i + 1 < pattern.Length) { sb.Append(Regex.Escape(pattern[++i].ToString())); continue; }
                if (c == '*') { sb.Append(".*"); continue; }
                if (c == '?') { sb.Append('.'); continue; }
                if (c == '[')
                {
                    int end = pattern.IndexOf(']', i + 1);
                    if (end < 0)
                        throw new AtlasValidationException("AtlasInvalidWildcard",
                            $"The wildcard pattern '{pattern}' has a '[' without a closing ']'. Escape a literal bracket with a backtick: `[.", "Name", pattern);
                    string body = pattern.Substring(i + 1, end - i - 1).Replace("\\", "\\\\").Replace("^", "\\^");
                    sb.Append('[').Append(body).Append(']');
                    i = end;
                    continue;
                }
                sb.Append(Regex.Escape(c.ToString()));
            }
            return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }
    }
}
