using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS
{
    /// <summary>
    /// The rotation as it will run, built from what Atlas and the vault say now (reads only). -WhatIf shows its steps.
    /// </summary>
    public sealed class CredentialRotationPlan
    {
        internal CredentialRotationPlan() { }
        public CredentialKind Kind { get; internal set; }
        public string OrganizationId { get; internal set; } = "";
        /// <summary>The API key id, or the service account's client id.</summary>
        public string CredentialId { get; internal set; } = "";
        /// <summary>Public key (API key) or client id (service account): the vault entry's user name.</summary>
        public string Identity { get; internal set; } = "";
        /// <summary>API keys: the old and new descriptions.</summary>
        public string? Description { get; internal set; }
        public string? NewDescription { get; internal set; }
        public string[] Roles { get; internal set; } = Array.Empty<string>();
        public ProjectRoleAssignment[] ProjectRoles { get; internal set; } = Array.Empty<ProjectRoleAssignment>();
        public string[] AccessList { get; internal set; } = Array.Empty<string>();
        /// <summary>Service accounts: the new secret's lifetime.</summary>
        public int? ExpiresAfterHours { get; internal set; }
        /// <summary>What DeleteOld removes: the old key id, or the ids of the secrets valid before rotation.</summary>
        public string[] PreviousIds { get; internal set; } = Array.Empty<string>();
        public bool KeepPrevious { get; internal set; }
        public string VaultName { get; internal set; } = "";
        public string SecretName { get; internal set; } = "";
        /// <summary>True when the vault already had an entry of that name (holding this credential).</summary>
        public bool VaultEntryExists { get; internal set; }
        /// <summary>True when the connection itself signs in with the credential being rotated.</summary>
        public bool RotatesOwnCredential { get; internal set; }
        public RotationPlanStep[] Steps { get; internal set; } = Array.Empty<RotationPlanStep>();
        public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => (i + 1) + ". " + s));
    }
}
