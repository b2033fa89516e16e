using System.Collections;
using System.Reflection;
using System.Security;

namespace AtlasPS.Core.Tests.Suites;

/// <summary>
/// Collects every text a user or a log could see from an object: ToString(), every public property recursively
/// (SecureString is opaque and skipped), exception Message/ToString and inner exceptions. Then looks for canaries.
/// </summary>
internal sealed class SecretScan
{
    private readonly List<string> canaries = new();
    private readonly List<string> texts = new();
    private readonly HashSet<object> visited = new(ReferenceEqualityComparer.Instance);

    public int TextCount { get { lock (texts) return texts.Count; } }
    public IReadOnlyList<string> Canaries => canaries;

    public void Canary(string secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < 8) throw new ArgumentException("a canary must be long enough to be unmistakable");
        lock (canaries) canaries.Add(secret);
    }

    public void Text(string? s) { if (s != null) lock (texts) texts.Add(s); }

    public void Object(object? o) { lock (texts) Collect(o, 0); }

    /// <summary>Every place a canary appeared, with the canary replaced (so the report itself does not leak).</summary>
    public List<string> Leaks()
    {
        var found = new List<string>();
        lock (texts)
            foreach (var c in canaries)
                foreach (var t in texts)
                    if (t.Contains(c, StringComparison.Ordinal)) found.Add(t.Replace(c, "<CANARY>"));
        return found;
    }

    private void Collect(object? o, int depth)
    {
        if (o is null || depth > 8) return;
        if (o is string s) { texts.Add(s); return; }
        if (o is SecureString || o is Delegate || o is System.Net.Http.HttpMessageHandler) return;
        var type = o.GetType();
        if (type.IsPrimitive || o is Enum || o is DateTime || o is DateTimeOffset || o is TimeSpan || o is Uri || o is decimal || o is Guid) { texts.Add(o.ToString() ?? ""); return; }
        if (!visited.Add(o)) return;
        texts.Add(o.ToString() ?? "");
        if (o is Exception ex)
        {
            texts.Add(ex.Message);
            Collect(ex.InnerException, depth + 1);
            if (ex is AggregateException a) foreach (var i in a.InnerExceptions) Collect(i, depth + 1);
        }
        if (o is IDictionary d) { foreach (DictionaryEntry kv in d) { Collect(kv.Key, depth + 1); Collect(kv.Value, depth + 1); } return; }
        if (o is IEnumerable en) { foreach (var item in en) Collect(item, depth + 1); return; }
        if (type.Namespace is { } ns && (ns.StartsWith("System.Reflection", StringComparison.Ordinal) || ns.StartsWith("System.Runtime", StringComparison.Ordinal) || ns.StartsWith("System.Net.Http", StringComparison.Ordinal))) return;
        foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || p.Name is "TargetSite" or "StackTrace") continue;
            object? v;
            try { v = p.GetValue(o); } catch { continue; }
            Collect(v, depth + 1);
        }
    }
}
