using AtlasPS.ModuleBuilder;

namespace AtlasPS.Tests;

/// <summary>
/// The rules PowerShell's parameter binder and module conventions enforce at run time, checked on metadata.
/// Each returns one message per violation, starting with the cmdlet name; an empty list means the rule holds.
/// </summary>
internal static class SurfaceRules
{
    public static readonly string[] CommonParameters =
    {
        "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ErrorVariable", "WarningVariable",
        "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable", "ProgressAction",
        // their built-in aliases
        "vb", "db", "ea", "wa", "infa", "ev", "wv", "iv", "ov", "ob", "pv", "proga",
    };
    public static readonly string[] ShouldProcessParameters = { "WhatIf", "Confirm", "wi", "cf" };
    public static readonly string[] PagingParameters = { "First", "Skip", "IncludeTotalCount" };

    /// <summary>Verbs whose cmdlets change state (Connect/Disconnect only change the session and are exempt).</summary>
    public static readonly HashSet<string> StateChangingVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "New", "Set", "Remove", "Add", "Grant", "Revoke", "Update", "Clear", "Rename", "Reset", "Move", "Copy",
        "Enable", "Disable", "Register", "Unregister", "Install", "Uninstall", "Publish", "Unpublish", "Start",
        "Stop", "Restart", "Suspend", "Resume", "Lock", "Unlock", "Protect", "Unprotect", "Approve", "Deny",
        "Deploy", "Save", "Restore", "Initialize", "Import", "Sync", "Submit", "Mount", "Dismount", "Block", "Unblock",
    };

    /// <summary>Removals that destroy credentials or an organization: ConfirmImpact High.</summary>
    public static readonly string[] HighImpactCmdlets = { "Remove-AtlasApiKey", "Remove-AtlasServiceAccount", "Remove-AtlasServiceAccountSecret", "Remove-AtlasOrganization" };

    public static List<string> ApprovedVerbs(IEnumerable<CmdletModel> cmdlets, IReadOnlySet<string> approved) =>
        cmdlets.Where(c => !approved.Contains(c.Verb)).Select(c => $"{c.Name}: '{c.Verb}' is not an approved verb (Get-Verb).").ToList();

    public static List<string> ShouldProcessOnStateChange(IEnumerable<CmdletModel> cmdlets) =>
        cmdlets.Where(c => StateChangingVerbs.Contains(c.Verb) && !c.SupportsShouldProcess)
            .Select(c => $"{c.Name}: '{c.Verb}' changes state but the cmdlet does not set SupportsShouldProcess = true.").ToList();

    public static List<string> HighConfirmImpact(IEnumerable<CmdletModel> cmdlets, IEnumerable<string> names)
    {
        var set = names.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return cmdlets.Where(c => set.Contains(c.Name) && (!c.SupportsShouldProcess || c.ConfirmImpact != "High"))
            .Select(c => $"{c.Name}: destroys a credential, needs SupportsShouldProcess and ConfirmImpact High (has {c.ConfirmImpact}).").ToList();
    }

    public static List<string> UniquePositions(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets)
            foreach (var set in c.SetNames)
                foreach (var g in c.ParametersIn(set).Where(p => p.Entry.HasPosition).GroupBy(p => p.Entry.Position).Where(g => g.Count() > 1))
                    result.Add($"{c.Name}: set '{set}' has {string.Join(", ", g.Select(p => "-" + p.Parameter.Name))} all at position {g.Key}.");
        return result;
    }

    public static List<string> OneValueFromPipelinePerSet(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets)
            foreach (var set in c.SetNames)
            {
                var vfp = c.ParametersIn(set).Where(p => p.Entry.ValueFromPipeline).Select(p => "-" + p.Parameter.Name).ToList();
                if (vfp.Count > 1) result.Add($"{c.Name}: set '{set}' has {vfp.Count} ValueFromPipeline parameters ({string.Join(", ", vfp)}).");
            }
        return result;
    }

    public static List<string> NoCommonParameterClash(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets)
        {
            var reserved = new HashSet<string>(CommonParameters.Concat(ShouldProcessParameters), StringComparer.OrdinalIgnoreCase);
            if (c.SupportsPaging) reserved.UnionWith(PagingParameters);
            foreach (var p in c.Parameters)
                foreach (var n in new[] { p.Name }.Concat(p.Aliases).Where(reserved.Contains))
                    result.Add($"{c.Name}: parameter -{p.Name} {(n == p.Name ? "is named" : "has the alias")} '{n}', which PowerShell reserves for a common parameter.");
        }
        return result;
    }

    /// <summary>
    /// DefaultParameterSetName is a set some parameter declares, or a deliberate parameterless set (PowerShell accepts
    /// one: the cmdlet runs in it when only all-sets parameters are given). A name no parameter declares that is within
    /// two edits of a declared set ("ByNmae" for "ByName") is a typo: PowerShell would silently run the cmdlet in an
    /// empty set instead of the intended one.
    /// </summary>
    public static List<string> DefaultSetExists(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets.Where(c => !string.IsNullOrEmpty(c.DefaultParameterSetName)))
        {
            var declared = c.DeclaredSetNames;
            if (declared.Contains(c.DefaultParameterSetName!, StringComparer.Ordinal)) continue;
            var near = declared.FirstOrDefault(s => Distance(s.ToLowerInvariant(), c.DefaultParameterSetName!.ToLowerInvariant()) <= 2);
            if (near is not null)
                result.Add($"{c.Name}: DefaultParameterSetName '{c.DefaultParameterSetName}' is not one of its sets ({string.Join(", ", declared)}); did you mean '{near}'?");
        }
        return result;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        return d[a.Length, b.Length];
    }

    /// <summary>
    /// Two sets with the same mandatory parameters, neither of them the default: given only those parameters,
    /// PowerShell cannot choose ("Parameter set cannot be resolved").
    /// </summary>
    public static List<string> NoAmbiguousSets(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets)
        {
            var sets = c.SetNames.Where(s => s != ParameterSetEntry.AllSets).ToList();
            for (int i = 0; i < sets.Count; i++)
                for (int j = i + 1; j < sets.Count; j++)
                {
                    if (string.Equals(sets[i], c.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase) ||
                        string.Equals(sets[j], c.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase)) continue;
                    var a = Mandatory(c, sets[i]);
                    var b = Mandatory(c, sets[j]);
                    if (a.SetEquals(b))
                        result.Add($"{c.Name}: sets '{sets[i]}' and '{sets[j]}' have the same mandatory parameters ({(a.Count == 0 ? "none" : string.Join(", ", a.Order()))}) and neither is the default set.");
                }
        }
        return result;
    }

    private static HashSet<string> Mandatory(CmdletModel c, string set) =>
        c.ParametersIn(set).Where(p => p.Entry.Mandatory).Select(p => p.Parameter.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Get-X | Verb-X: for each noun with a Get cmdlet, every other cmdlet of that noun that takes mandatory input by
    /// property name has at least one set whose mandatory by-property-name parameters all match (by name or alias)
    /// a public property of a type in the Get cmdlet's [OutputType].
    /// </summary>
    public static List<string> GetPipesIntoVerb(IEnumerable<CmdletModel> cmdlets, Func<string, IReadOnlySet<string>?> propertiesOf)
    {
        var result = new List<string>();
        var all = cmdlets.ToList();
        foreach (var get in all.Where(c => c.Verb.Equals("Get", StringComparison.OrdinalIgnoreCase)))
        {
            var outputs = get.OutputTypes.Select(t => (Type: t, Props: propertiesOf(t))).Where(t => t.Props is not null).ToList();
            foreach (var other in all.Where(c => c != get && c.Noun.Equals(get.Noun, StringComparison.OrdinalIgnoreCase)))
            {
                var candidateSets = other.SetNames
                    .Select(s => (Set: s, Params: other.ParametersIn(s).Where(p => p.Entry.Mandatory && p.Entry.ValueFromPipelineByPropertyName).Select(p => p.Parameter).ToList()))
                    .Where(s => s.Params.Count > 0).ToList();
                if (candidateSets.Count == 0) continue;
                bool binds = candidateSets.Any(s => outputs.Any(o => s.Params.All(p => new[] { p.Name }.Concat(p.Aliases).Any(o.Props!.Contains))));
                if (!binds)
                {
                    var needs = string.Join("; ", candidateSets.Select(s => $"set '{s.Set}' needs {string.Join(", ", s.Params.Select(p => "-" + p.Name + (p.Aliases.Count > 0 ? " (aliases " + string.Join(", ", p.Aliases) + ")" : "")))}"));
                    result.Add($"{get.Name} | {other.Name}: {string.Join(", ", get.OutputTypes)} has no property for every mandatory by-property-name parameter ({needs}).");
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Every AtlasPS object (organization, project, key, invoice, secret) has an Id property. A by-property-name parameter
    /// with the alias "Id" therefore binds any piped object's Id, whatever its kind (an organization's id taken as an API
    /// key id: issue 15 point 3). Output types carry kind-specific id properties (ApiKeyId, ProjectId, InvoiceId, SecretId).
    /// </summary>
    public static List<string> NoGenericIdAliasFromPipeline(IEnumerable<CmdletModel> cmdlets) =>
        cmdlets.SelectMany(c => c.Parameters
                .Where(p => p.Aliases.Contains("Id", StringComparer.OrdinalIgnoreCase) && p.Entries.Any(e => e.ValueFromPipelineByPropertyName))
                .Select(p => $"{c.Name}: -{p.Name} binds by property name and has the alias 'Id', so any piped object's Id binds to it."))
            .ToList();

    public static List<string> OutputTypePresent(IEnumerable<CmdletModel> cmdlets) =>
        cmdlets.Where(c => c.OutputTypes.Count == 0).Select(c => $"{c.Name}: no [OutputType].").ToList();

    public static List<string> SealedAndNamed(IEnumerable<CmdletModel> cmdlets)
    {
        var result = new List<string>();
        foreach (var c in cmdlets)
        {
            if (!c.IsSealed) result.Add($"{c.Name}: class {c.ClassName} is not sealed.");
            var expected = c.Verb + c.Noun + "Command";
            if (c.ClassName != expected) result.Add($"{c.Name}: class is named {c.ClassName}, expected {expected}.");
        }
        return result;
    }

    /// <summary>Every rule with the module's own parameters (for the "clean sample passes everything" check).</summary>
    public static List<string> All(IReadOnlyList<CmdletModel> cmdlets, IReadOnlySet<string> verbs, Func<string, IReadOnlySet<string>?> propertiesOf, IEnumerable<string> highImpact) =>
        ApprovedVerbs(cmdlets, verbs).Concat(ShouldProcessOnStateChange(cmdlets)).Concat(HighConfirmImpact(cmdlets, highImpact))
            .Concat(UniquePositions(cmdlets)).Concat(OneValueFromPipelinePerSet(cmdlets)).Concat(NoCommonParameterClash(cmdlets))
            .Concat(DefaultSetExists(cmdlets)).Concat(NoAmbiguousSets(cmdlets)).Concat(GetPipesIntoVerb(cmdlets, propertiesOf))
            .Concat(OutputTypePresent(cmdlets)).Concat(SealedAndNamed(cmdlets)).ToList();
}
