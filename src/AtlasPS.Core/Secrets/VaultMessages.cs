using System.Text.RegularExpressions;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// Turns what a vault said into a sentence for a user: PowerShell's method-call wrapper
    /// ("Exception calling "GetInstance" with "0" argument(s): "A valid password is required..."") is removed, so the
    /// vault's own words remain. Vault messages never contain a secret (no secret is ever in a command's text).
    /// </summary>
    public static class VaultMessages
    {
        private static readonly Regex MethodCall = new Regex(
            "^\\s*Exception (?:calling|setting|getting) \"[^\"]*\"(?: with \"\\d+\" argument\\(s\\))?\\s*:\\s*\"?(?<inner>.*?)\"?\\s*$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline);

        /// <summary>The message without PowerShell's wrappers, trimmed, without a final period ("" for null).</summary>
        public static string Clean(string? message)
        {
            var text = (message ?? "").Trim();
            for (int i = 0; i < 3; i++)
            {
                var m = MethodCall.Match(text);
                if (!m.Success) break;
                text = m.Groups["inner"].Value.Trim();
            }
            return text.TrimEnd('.').Trim();
        }
    }
}
