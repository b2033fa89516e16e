using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Core.Dsc
{
    /// <summary>What Atlas has for the key's description: nothing, one key (with access list when managed), or several.</summary>
    public sealed class ApiKeyActualState
    {
        public string OrganizationId { get; internal set; } = "";
        public string Description { get; internal set; } = "";
        /// <summary>Ids of every key with exactly this description (several: ambiguous).</summary>
        public IReadOnlyList<string> MatchingIds { get; internal set; } = Array.Empty<string>();
        /// <summary>The key when exactly one matches (no private key: listings never carry one).</summary>
        public ApiKey? Key { get; internal set; }
        /// <summary>The key's access list; null when not read (AccessList not managed, or no single key).</summary>
        public IReadOnlyList<AccessListEntry>? AccessList { get; internal set; }
        /// <summary>Project name → id, when ProjectName was used.</summary>
        public IReadOnlyDictionary<string, string>? ProjectIdsByName { get; internal set; }
        public bool Exists => Key != null;
        public bool Ambiguous => MatchingIds.Count > 1;
    }
}
