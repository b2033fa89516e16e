using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>Result of a name search: the accounts found and the exact (non-wildcard) names nothing matched.</summary>
    public sealed class ServiceAccountSearchResult
    {
        internal ServiceAccountSearchResult(IReadOnlyList<ServiceAccount> accounts, IReadOnlyList<string> unmatched) { Accounts = accounts; UnmatchedNames = unmatched; }
        public IReadOnlyList<ServiceAccount> Accounts { get; }
        public IReadOnlyList<string> UnmatchedNames { get; }
    }
}
