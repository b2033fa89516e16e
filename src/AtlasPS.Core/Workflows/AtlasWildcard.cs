using System;
using System.Collections.Generic;
using System.Text;
using System.Text.RegularExpressions;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// PowerShell-style wildcard matching for the core (System.Management.Automation.WildcardPattern is not
    /// available here): * any run, ? one character, [abc] / [a-z] one of a set or range, ` escapes the next
    /// character. Case-insensitive, whole-string, like -like.
    /// </summary>
    public sealed class AtlasWildcard
    {
        private readonly Regex regex;

        public AtlasWildcard(string pattern)
        {
            Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
            regex = new Regex(ToRegex(pattern), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public string Pattern { get; }

        public bool IsMatch(string? text) => regex.IsMatch(text ?? "");

        /// <summary>True when the pattern has an unescaped *, ? or [ (a plain string is matched as an exact, case-insensitive name).</summary>
        public static bool ContainsWildcard(string? pattern)
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

        /// <summary>True when any of the patterns matches (no patterns: everything matches).</summary>
        public static bool MatchesAny(IEnumerable<AtlasWildcard>? patterns, string? text)
        {
            if (patterns is null) return true;
            bool any = false;
            foreach (var p in patterns)
            {
                any = true;
                if (p.IsMatch(text)) return true;
            }
            return !any;
        }

        internal static string ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '`':
                        if (i + 1 < pattern.Length) sb.Append(Regex.Escape(pattern[++i].ToString()));
                        else sb.Append(Regex.Escape("`"));
                        break;
                    case '*': sb.Append(".*"); break;
                    case '?': sb.Append('.'); break;
                    case '[':
                        int end = FindClassEnd(pattern, i);
                        if (end < 0)
                            throw new AtlasValidationException("AtlasInvalidWildcard",
                                $"The wildcard pattern {Validation.AtlasInput.Quote(pattern)} has a '[' without a closing ']'. Escape a literal bracket with a backtick: `[.", "Name", pattern);
                        sb.Append(ClassToRegex(pattern.Substring(i + 1, end - i - 1)));
                        i = end;
                        break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }
            return sb.Append('$').ToString();
        }

        private static int FindClassEnd(string p, int open)
        {
            for (int j = open + 1; j < p.Length; j++)
            {
                if (p[j] == '`') { j++; continue; }
                if (p[j] == ']' && j > open + 1) return j;
            }
            return -1;
        }

        private static string ClassToRegex(string body)
        {
            var sb = new StringBuilder("[");
            for (int i = 0; i < body.Length; i++)
            {
                char c = body[i];
                if (c == '`' && i + 1 < body.Length) c = body[++i];
                else if (c == '-' && i > 0 && i + 1 < body.Length) { sb.Append('-'); continue; }
                if (c == '\\' || c == ']' || c == '[' || c == '^' || c == '-') sb.Append('\\');
                sb.Append(c);
            }
            return sb.Append(']').ToString();
        }
    }
}
