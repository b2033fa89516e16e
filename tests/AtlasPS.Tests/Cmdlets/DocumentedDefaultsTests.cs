using System.Text.RegularExpressions;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// A parameter's "Default value" on its help page is what the cmdlet really uses. Default values live in property
/// initialisers, which metadata cannot show, so each cmdlet class is instantiated in a real PowerShell 7.6 with the
/// module imported and its parameter properties read back. (The -ThrottleLimit pages said 4 and 8 while the code said 8.)
/// </summary>
public sealed class DocumentedDefaultsTests
{
    private const string Script = """
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($command in Get-Command -Module AtlasPS -CommandType Cmdlet) {
            $instance = [Activator]::CreateInstance($command.ImplementingType)
            foreach ($name in $command.Parameters.Keys) {
                if ($common -contains $name) { continue }
                # -First/-Skip/-IncludeTotalCount of SupportsPaging belong to PowerShell, not to a property of the cmdlet.
                if ($null -eq $command.ImplementingType.GetProperty($name)) { continue }
                $value = $instance.$name
                $text = if ($null -eq $value) { '' }
                    elseif ($value -is [System.Management.Automation.SwitchParameter]) { [string]$value.IsPresent }
                    elseif ($value -is [securestring]) { if ($value.Length -eq 0) { '' } else { 'a SecureString' } }
                    elseif ($value -is [array]) { $value -join ', ' }
                    else { [string]$value }
                "$($command.Name)|$name|$text"
            }
        }
        """;

    /// <summary>Values that mean "nothing set": they need no default on the page.</summary>
    private static bool IsUnset(string value) => value is "" or "False" or "0";

    [Fact]
    public void Every_default_value_on_a_help_page_is_the_one_the_cmdlet_uses()
    {
        var o = HostedSession.RunOnce($"Import-Module '{HostedSession.Manifest}' -ErrorAction Stop\n{Script}");
        Assert.Empty(o.Errors);
        var runtime = o.Strings.Select(l => l.Split('|')).ToList();
        Assert.True(runtime.Count > 100, $"only {runtime.Count} parameters were read");

        var problems = new List<string>();
        foreach (var (command, parameter, actual) in runtime.Select(r => (r[0], r[1], r[2])))
        {
            var page = Path.Combine(TestPaths.Repo.Docs, command + ".md");
            if (!File.Exists(page)) { problems.Add($"{command}: no page"); continue; }
            var block = Regex.Match(File.ReadAllText(page), $@"^### -{Regex.Escape(parameter)}\r?\n(?:(?!^### ).*\r?\n)*?Default value: (?<v>.*)$", RegexOptions.Multiline);
            if (!block.Success) { problems.Add($"{command} -{parameter}: the page gives no Default value"); continue; }
            var documented = block.Groups["v"].Value.Trim();
            if (documented == "None" ? !IsUnset(actual) : documented != actual)
                problems.Add($"{command} -{parameter}: the page says '{documented}', the cmdlet uses '{(actual.Length == 0 ? "(null)" : actual)}'");
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
