using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace AtlasPS
{
    /// <summary>
    /// One principal (API key or service account) of an organization, as Get-AtlasAccessReport sees it: what it may do,
    /// from where, when it was last used, when its secrets expire, and what looks wrong (Findings).
    /// Flat values only (strings, numbers, dates and TextLists), so Export-Csv and ConvertTo-Json give readable output.
    /// </summary>
    public sealed class AccessReportEntry
    {
        public PrincipalType PrincipalType { get; set; }
        public string OrgId { get; set; } = "";
        /// <summary>The API key id, or the service account's client id.</summary>
        public string Id { get; set; } = "";
        /// <summary>The public key (API keys) or the account name (service accounts).</summary>
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        /// <summary>Organization roles.</summary>
        public TextList Roles { get; set; } = TextList.None;
        /// <summary>One item per project: "projectId: ROLE_A,ROLE_B".</summary>
        public TextList ProjectRoles { get; set; } = TextList.None;
        public int ProjectCount { get; set; }
        /// <summary>Access-list entries (addresses and CIDR blocks).</summary>
        public TextList AccessList { get; set; } = TextList.None;
        /// <summary>True when an entry is 0.0.0.0/0 or ::/0.</summary>
        public bool OpenToWorld { get; set; }
        /// <summary>Latest use Atlas recorded (access-list entries' last use; service accounts also their secrets' last use).</summary>
        public DateTimeOffset? LastUsed { get; set; }
        public string? LastUsedAddress { get; set; }
        /// <summary>Whole days since LastUsed (null when never used).</summary>
        public int? DaysSinceLastUsed { get; set; }
        /// <summary>Service accounts: number of secrets, and how many of them have expired.</summary>
        public int SecretCount { get; set; }
        public int ExpiredSecretCount { get; set; }
        /// <summary>Service accounts: the soonest expiry among the secrets that have not expired (null when none is valid).</summary>
        public DateTimeOffset? SecretExpiresAt { get; set; }
        /// <summary>Service accounts: when the account was created.</summary>
        public DateTimeOffset? Created { get; set; }
        /// <summary>Stable codes: NoAccessList, OpenToWorld, OwnerRole, UnusedForDays, NeverUsed, SecretExpiringSoon, SecretExpired, Incomplete.</summary>
        public TextList FindingCodes { get; set; } = TextList.None;
        /// <summary>"Code: what it means and what to do", one per finding.</summary>
        public TextList Findings { get; set; } = TextList.None;
        public int FindingCount => FindingCodes.Count;
        /// <summary>The id again under the name the key cmdlets bind (`... | Where-Object PrincipalType -eq ApiKey | Remove-AtlasApiKey`).</summary>
        public string? ApiKeyId => PrincipalType == PrincipalType.ApiKey ? Id : null;
        /// <summary>The id again under the name the service-account cmdlets bind.</summary>
        public string? ClientId => PrincipalType == PrincipalType.ServiceAccount ? Id : null;
        public override string ToString() => PrincipalType + " " + Name + " (" + Id + ")";
    }
}
