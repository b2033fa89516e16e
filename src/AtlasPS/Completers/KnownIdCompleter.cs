using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Completers
{
    /// <summary>
    /// Ids the current connection has seen (connection.Known); when it has seen none of the kind yet, the first page is
    /// read from Atlas within a short time budget (CompletionSource), so ids complete before anything was listed by hand.
    /// </summary>
    public abstract class KnownIdCompleter : IArgumentCompleter
    {
        protected abstract string Kind { get; }

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            object? given = fakeBoundParameters?["Connection"];
            var connection = ((given as PSObject)?.BaseObject ?? given) as AtlasConnection ?? Commands.ConnectionStore.Current;
            if (connection is null || connection.IsDisposed) return Enumerable.Empty<CompletionResult>();
            string word = (wordToComplete ?? "").Trim('\'', '"');
            return CompletionSource.Get(connection, Kind, CompletionSource.DefaultBudget)
                .Where(p => p.Key.StartsWith(word, StringComparison.OrdinalIgnoreCase) || p.Value.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(p => new CompletionResult(p.Key, string.IsNullOrEmpty(p.Value) ? p.Key : p.Value + " (" + p.Key + ")",
                    CompletionResultType.ParameterValue, string.IsNullOrEmpty(p.Value) ? p.Key : p.Value));
        }
    }
}
