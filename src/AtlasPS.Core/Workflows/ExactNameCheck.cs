using System;
using System.Collections.Generic;
using System.Linq;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// One rule for every "find by name" (Get-AtlasProject -Name, Get-AtlasApiKey -Description,
    /// Get-AtlasServiceAccount -Name, Get-AtlasOrganization -Name): an exact name that matches nothing is an
    /// ObjectNotFound error; a wildcard pattern that matches nothing is not (like Get-Process -Name).
    /// Feed it every object returned (<see cref="Observe"/>), then report <see cref="NotFound"/>.
    /// </summary>
    public sealed class ExactNameCheck
    {
        private readonly List<(string Name, AtlasWildcard Pattern)> exact;
        private readonly HashSet<string> seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <param name="patterns">The names and patterns given; null or empty: nothing to check.</param>
        /// <param name="complete">False when only part of the list was read (-First/-Skip): then nothing is reported.</param>
        public ExactNameCheck(IEnumerable<string>? patterns, bool complete = true)
        {
            exact = complete
                ? (patterns ?? Enumerable.Empty<string>()).Where(p => !string.IsNullOrWhiteSpace(p) && !AtlasWildcard.ContainsWildcard(p))
                    .Distinct(StringComparer.OrdinalIgnoreCase).Select(p => (p, new AtlasWildcard(p))).ToList()
                : new List<(string, AtlasWildcard)>();
        }

        /// <summary>Records a returned object's name (or description).</summary>
        public void Observe(string? name)
        {
            foreach (var e in exact)
                if (e.Pattern.IsMatch(name)) seen.Add(e.Name);
        }

        /// <summary>The exact names given that matched nothing, in the order given.</summary>
        public IReadOnlyList<string> Unmatched => exact.Where(e => !seen.Contains(e.Name)).Select(e => e.Name).ToList();

        /// <summary>
        /// One error per exact name that matched nothing, e.g. ("Project", "named", "Get-AtlasProject") gives
        /// AtlasProjectNotFound "No project is named 'x' ...".
        /// </summary>
        public IReadOnlyList<AtlasNotFoundException> NotFound(string noun, string what, string property, string listCommand) =>
            Unmatched.Select(n => NotFoundError(noun, what, property, listCommand, n)).ToList();

        public static AtlasNotFoundException NotFoundError(string noun, string what, string property, string listCommand, string name)
        {
            string q = Validation.AtlasInput.Quote(name);
            string hint = Validation.AtlasInput.Quote(name.Length > Validation.AtlasInput.MaxEchoLength ? name.Substring(0, 8) + "*" : name + "*");
            return new AtlasNotFoundException("Atlas" + noun + "NotFound",
                $"No {what} has the {property} {q}. {listCommand} lists them; use a wildcard such as {hint} to search (a wildcard that matches nothing is not an error).", name);
        }
    }
}
