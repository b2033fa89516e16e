using AtlasPS.Emulator;
using Xunit;

namespace AtlasPS.Tests.Cmdlets;

/// <summary>
/// Issue 15 point 6: a connection holds no secret anyone can read. Nothing public reachable from
/// Get-AtlasConnection (or its client) returns the private key, client secret or token; Export-Clixml does not write it.
/// </summary>
public sealed class ConnectionSecretTests
{
    // Walks every public property (PowerShell's view: what Select-Object, Export-Clixml and $c.A.B.C reach), depth 6,
    // and reports each SecureString found by its path, plus the issue's one-liners.
    private const string Probe = @"
        function Find-Secure($value, $path, $depth) {
            if ($null -eq $value -or $depth -gt 6) { return }
            if ($value -is [securestring]) { $path; return }
            if ($value -is [string] -or $value.GetType().IsPrimitive -or $value -is [enum] -or $value -is [uri] -or $value -is [datetimeoffset] -or $value -is [timespan]) { return }
            if ($value -is [System.Collections.IEnumerable]) { $i = 0; foreach ($item in $value) { Find-Secure $item ""$path[$i]"" ($depth + 1); $i++ }; return }
            foreach ($p in $value.PSObject.Properties) {
                if ($p.MemberType -notin 'Property', 'NoteProperty') { continue }
                try { $v = $p.Value } catch { continue }
                Find-Secure $v ""$path.$($p.Name)"" ($depth + 1)
            }
        }
        $c = Get-AtlasConnection
        $found = @(Find-Secure $c '$c' 0)
        $direct = foreach ($name in 'PrivateKey', 'ClientSecret', 'Token') {
            $s = $c.Client.Options.Credential.$name; if ($null -ne $s) { [Net.NetworkCredential]::new('', $s).Password }
            $s = $c.Client.Credential.$name; if ($null -ne $s) { [Net.NetworkCredential]::new('', $s).Password }
        }
        $file = Join-Path ([IO.Path]::GetTempPath()) ([guid]::NewGuid().ToString() + '.xml')
        $c | Export-Clixml -Path $file -Depth 5
        $xml = Get-Content -Raw $file; Remove-Item $file
        [pscustomobject]@{ Found = $found -join ', '; Direct = @($direct).Count; Xml = $xml; Identity = $c.Identity }";

    private static string Text(object? value) => ((value as System.Management.Automation.PSObject)?.BaseObject ?? value)?.ToString() ?? "";

    private static void AssertNoSecret(HostedSession s, string secret, string identity)
    {
        var o = s.Invoke(Probe);
        Assert.Empty(o.Errors);
        var r = Assert.Single(o.Output);
        Assert.Equal(identity, Text(r.Properties["Identity"].Value));
        Assert.Equal("", Text(r.Properties["Found"].Value));
        Assert.Equal(0, int.Parse(Text(r.Properties["Direct"].Value), System.Globalization.CultureInfo.InvariantCulture));
        var xml = Text(r.Properties["Xml"].Value);
        Assert.Contains(identity, xml); // the export did happen and reached the credential
        Assert.DoesNotContain("<SS", xml);
        Assert.DoesNotContain(secret, xml);
        // Export-Clixml on Linux writes a SecureString as UTF-16 hex: look for that too.
        string hex = Convert.ToHexString(System.Text.Encoding.Unicode.GetBytes(secret));
        Assert.DoesNotContain(hex, xml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_API_key_connection_hands_out_no_private_key()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        AssertNoSecret(s, e.Seed.PrivateKey, e.Seed.PublicKey);
    }

    [Fact]
    public async Task A_service_account_connection_hands_out_no_client_secret()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start(e);
        var o = s.Invoke(@"$sa = New-AtlasServiceAccount -Name 'conn-secret' -Description 'conn secret' -Role ORG_OWNER
            Connect-Atlas -BaseUri '" + e.BaseUri + @"' -ClientId $sa.ClientId -ClientSecret $sa.Secrets[0].Secret
            [pscustomobject]@{ Id = $sa.ClientId; Secret = $sa.Secrets[0].Secret }");
        Assert.Empty(o.Errors);
        var r = o.Output[^1];
        AssertNoSecret(s, HostedSession.Reveal(r.Properties["Secret"].Value), Text(r.Properties["Id"].Value));
    }

    [Fact]
    public async Task An_access_token_connection_hands_out_no_token()
    {
        await using var e = await EmulatorServer.StartAsync();
        using var s = HostedSession.Start();
        // A real token of the seeded service account, from the emulator's token endpoint.
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(e.BaseUri, "/api/oauth/token"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(e.Seed.ServiceAccountClientId + ":" + e.Seed.ClientSecret)));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        string token = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString()!;
        s.SetSecureVariable("tok", token);
        var o = s.Invoke($"Connect-Atlas -BaseUri '{e.BaseUri}' -AccessToken $tok -OrganizationId {e.Seed.OrgId}");
        Assert.Empty(o.Errors);
        AssertNoSecret(s, token, "access-token");
    }
}
