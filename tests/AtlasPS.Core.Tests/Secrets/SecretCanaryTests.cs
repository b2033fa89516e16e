using System.Collections;
using System.Reflection;
using System.Security;
using AtlasPS.Core.Secrets;
using Xunit;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// Canary: every one-time secret created in these runs (private keys, client secrets), plus the seeded client secret
/// and the seeded private key, must appear nowhere a user or a log could see it: returned objects (all public properties,
/// recursively, and ToString()), warnings, error messages, exception ToString(), TargetObjects and diagnostics
/// events. The only places allowed to hold them are the vault and the SecureString of the last-resort error.
/// </summary>
public sealed class SecretCanaryTests : IClassFixture<SecretsEmulator>
{
    private const string V = "SecretStore";
    private readonly SecretsEmulator atlas;
    private readonly List<string> canaries = new();
    private readonly List<object?> seen = new();
    private readonly List<string> texts = new();

    public SecretCanaryTests(SecretsEmulator atlas) { this.atlas = atlas; atlas.Server.Faults.Reset(); }

    private async Task Run(InMemoryVault vault, string name, bool breakDeletes = false)
    {
        var handoff = new CredentialHandoff(vault, V, name, false, texts.Add);
        if (breakDeletes) atlas.BreakApiKeyDeletes();
        try
        {
            var key = await handoff.CreateAndStoreAsync(
                async ct =>
                {
                    var k = await atlas.Client.ApiKeys.CreateAsync(atlas.OrgId, SecretsEmulator.Desc("canary " + name), new[] { "ORG_READ_ONLY" }, ct);
                    canaries.Add(SecretsEmulator.Reveal(k.PrivateKey!));
                    return k;
                },
                k => AtlasHandoffs.ForApiKey(atlas.Client, k), AtlasHandoffs.MarkStored, CancellationToken.None);
            seen.Add(key);
        }
        catch (Exception ex)
        {
            seen.Add(ex);
            texts.Add(ex.ToString());
            if (ex is AtlasWorkflowException w && w.TargetObject is UnstoredCredential u)
            {
                // Allowed: the secret inside the SecureString of the last-resort error, and only there.
                Assert.Contains(SecretsEmulator.Reveal(u.Secret), canaries);
                await atlas.Client.ApiKeys.DeleteAsync(atlas.OrgId, u.CredentialId).ContinueWith(_ => { });
            }
        }
        finally { atlas.Server.Faults.Reset(); }
    }

    [Fact]
    public async Task No_secret_appears_in_objects_warnings_errors_or_diagnostics()
    {
        await Run(new InMemoryVault(V), "c-ok");
        await Run(new InMemoryVault(V) { FailSetSecretInfo = "metadata failed" }, "c-info");
        await Run(new InMemoryVault(V) { SupportsMetadata = false }, "c-nometa");
        await Run(new InMemoryVault(V) { FailSetSecret = "set failed" }, "c-set");
        await Run(new InMemoryVault(V) { FailSetSecret = "set failed" }, "c-both", breakDeletes: true);

        // A service-account secret, stored.
        var vault = new InMemoryVault(V);
        var handoff = new CredentialHandoff(vault, V, "c-sa", false, texts.Add);
        var s = await handoff.CreateAndStoreAsync(
            async ct => { var x = await atlas.Client.ServiceAccounts.CreateSecretAsync(atlas.OrgId, atlas.Server.Seed.ServiceAccountClientId, 24, ct); canaries.Add(SecretsEmulator.Reveal(x.Secret!)); return x; },
            x => AtlasHandoffs.ForServiceAccountSecret(atlas.Client, x), AtlasHandoffs.MarkStored, CancellationToken.None);
        seen.Add(s);
        var read = await StoredCredentialReader.ReadAsync(vault, V, "c-sa", CancellationToken.None);
        seen.Add(read);
        Assert.Equal(canaries[^1], vault.Find(V, "c-sa")!.PasswordText); // the vault does hold it

        canaries.Add(SecretsEmulator.SeedClientSecret);
        canaries.Add(SecretsEmulator.SeedPrivateKey);
        Assert.Equal(8, canaries.Count); // five private keys, one client secret, the seeded client secret and private key
        Assert.True(texts.Count >= 4, "expected warnings and errors to scan");

        foreach (var o in seen) Collect(o, 0, new HashSet<object>(ReferenceEqualityComparer.Instance));
        Assert.NotEmpty(atlas.Events); // the pipeline reports every attempt; those texts are scanned too
        foreach (var e in atlas.Events) texts.Add(e.ToString());

        foreach (var c in canaries)
            foreach (var t in texts)
                Assert.False(t.Contains(c, StringComparison.Ordinal), $"a secret leaked into: {t.Replace(c, "<CANARY>")}");
    }

    /// <summary>Every string reachable through public properties, plus ToString() of every object.</summary>
    private void Collect(object? o, int depth, HashSet<object> visited)
    {
        if (o is null || depth > 8) return;
        if (o is string s) { texts.Add(s); return; }
        if (o is SecureString) return; // opaque by design: nothing readable through its public surface
        var type = o.GetType();
        if (type.IsPrimitive || o is Enum || o is DateTime || o is DateTimeOffset || o is TimeSpan || o is Uri || o is decimal) { texts.Add(o.ToString() ?? ""); return; }
        if (!visited.Add(o)) return;
        texts.Add(o.ToString() ?? "");
        if (o is Exception ex)
        {
            texts.Add(ex.Message);
            Collect(ex.InnerException, depth + 1, visited);
            if (ex is AggregateException a) foreach (var i in a.InnerExceptions) Collect(i, depth + 1, visited);
        }
        if (o is IDictionary d) { foreach (DictionaryEntry kv in d) { Collect(kv.Key, depth + 1, visited); Collect(kv.Value, depth + 1, visited); } return; }
        if (o is IEnumerable en) { foreach (var item in en) Collect(item, depth + 1, visited); return; }
        if (type.Namespace is { } ns && (ns.StartsWith("System.Reflection") || ns.StartsWith("System.Runtime"))) return;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name is "TargetSite" or "StackTrace" or "Data") continue;
            object? v;
            try { v = p.GetValue(o); } catch { continue; }
            Collect(v, depth + 1, visited);
        }
    }
}
