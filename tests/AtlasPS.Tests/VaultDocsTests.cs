using System.Text.RegularExpressions;
using Xunit;

namespace AtlasPS.Tests;

/// <summary>
/// The vault documentation says what a user must know: every example that stores an AtlasPS credential with Set-Secret
/// stores what Connect-Atlas -Vault reads (a PSCredential: public key or client id as user name), the error ids in
/// about_AtlasPS_Secrets are the ones the commands give, and Export-Clixml is named as reversible on Linux and macOS.
/// </summary>
public sealed class VaultDocsTests
{
    private static string Docs => Path.Combine(TestPaths.RepoRoot, "docs");

    public static IEnumerable<object[]> Pages() =>
        Directory.GetFiles(Path.Combine(Docs, "en-US"), "*.md").Select(p => new object[] { Path.GetFileName(p) });

    [Theory]
    [MemberData(nameof(Pages))]
    public void Examples_store_credentials_as_Connect_Atlas_reads_them(string page)
    {
        var text = File.ReadAllText(Path.Combine(Docs, "en-US", page));
        var code = string.Join("\n", Regex.Matches(text, @"```powershell\r?\n(.*?)```", RegexOptions.Singleline).Select(b => b.Groups[1].Value));
        foreach (Match m in Regex.Matches(code, @"^.*\bSet-Secret\b.*$", RegexOptions.Multiline))
        {
            var line = m.Value;
            Assert.DoesNotContain("-SecureStringSecret", line);
            Assert.True(Regex.IsMatch(line, @"\[pscredential\]::new\(|Get-Credential", RegexOptions.IgnoreCase),
                $"{page}: '{line.Trim()}' must store a PSCredential (user name = public key or client id), which is what Connect-Atlas -Vault reads.");
        }
    }

    [Fact]
    public void about_AtlasPS_Secrets_lists_the_ids_the_hand_off_gives()
    {
        var text = File.ReadAllText(Path.Combine(Docs, "en-US", "about_AtlasPS_Secrets.md"));
        foreach (var id in new[]
        {
            Core.Secrets.CreationRollback.ErrorStoreFailed, Core.Secrets.CreationRollback.ErrorStoreAndRollbackFailed,
            Core.Secrets.CreationRollback.ErrorRolledBack, Core.Secrets.CreationRollback.ErrorStopped, Core.Secrets.CreationRollback.ErrorRollbackFailed,
            Core.Secrets.CredentialHandoff.ErrorNotInstalled, Core.Secrets.CredentialHandoff.ErrorVaultNotFound,
            Core.Secrets.CredentialHandoff.ErrorVaultUnavailable, Core.Secrets.CredentialHandoff.ErrorNameExists,
        })
            Assert.Contains("| " + id + " |", text);
    }

    [Theory]
    [InlineData("SECURITY.md")]
    [InlineData("en-US/about_AtlasPS_Secrets.md")]
    public void Export_Clixml_is_named_as_reversible_on_Linux_and_macOS(string page)
    {
        var text = File.ReadAllText(Path.Combine(Docs, page));
        var sentence = Regex.Match(text, @"[^.]*Export-Clixml[^.]*\.[^.]*\.", RegexOptions.Singleline).Value;
        Assert.Contains("Linux", sentence);
        Assert.Contains("macOS", sentence);
        Assert.Contains("reversibl", sentence);
    }
}
