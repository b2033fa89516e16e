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
    public sealed class ServiceAccountActualState
    {
        public string OrganizationId { get; internal set; } = "";
        public string Name { get; internal set; } = "";
        public IReadOnlyList<string> MatchingIds { get; internal set; } = Array.Empty<string>();
        public ServiceAccount? Account { get; internal set; }
        public IReadOnlyList<AccessListEntry>? AccessList { get; internal set; }
        public IReadOnlyList<ProjectRoleAssignment>? ProjectRoles { get; internal set; }
        public IReadOnlyDictionary<string, string>? ProjectIdsByName { get; internal set; }
        /// <summary>Expiry of the newest secret (null: the account has none).</summary>
        public DateTimeOffset? NewestSecretExpiresAt => Account?.Secrets.Length > 0 ? Account.Secrets.Max(s => s.ExpiresAt) : (DateTimeOffset?)null;
        public bool Exists => Account != null;
        public bool Ambiguous => MatchingIds.Count > 1;
    }
}
