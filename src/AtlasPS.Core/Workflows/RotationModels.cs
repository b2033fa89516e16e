using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The steps of a credential rotation, in the order they run. Read-only steps first.</summary>
    public enum RotationStep
    {
        /// <summary>Read the current key (roles, project roles, access list) or service account (secrets).</summary>
        ReadCurrent,
        /// <summary>Vault present, registered, usable; an existing entry must hold the credential being rotated.</summary>
        CheckVault,
        /// <summary>Create the replacement key, or a new client secret.</summary>
        CreateCredential,
        /// <summary>API keys: copy the access list to the new key.</summary>
        CopyAccessList,
        /// <summary>API keys: assign the new key to the old key's projects with the same roles.</summary>
        CopyProjectAccess,
        /// <summary>Sign in with the new credential through a fresh client and make one cheap call.</summary>
        Prove,
        /// <summary>Overwrite the vault entry with the new credential (then metadata, best effort).</summary>
        Store,
        /// <summary>Delete the old key, or the secrets that were valid before the rotation (skipped with KeepPrevious).</summary>
        DeleteOld,
    }

    /// <summary>What Update-AtlasCredential was asked for. Exactly one of ApiKeyId or ClientId.</summary>
    public sealed class RotationOptions
    {
        public string? OrganizationId { get; set; }
        public string? ApiKeyId { get; set; }
        public string? ClientId { get; set; }
        public string? VaultName { get; set; }
        public string? SecretName { get; set; }
        /// <summary>
        /// Service accounts: lifetime of the new secret. Null: <see cref="CredentialWorkflows.DefaultSecretHours"/> (720 h, 30 days),
        /// lowered to the organization's maximum when Atlas reports a lower one.
        /// </summary>
        public int? ExpiresAfterHours { get; set; }
        /// <summary>Keep the old key / old secrets (staged cut-over): both work until the old one is removed.</summary>
        public bool KeepPrevious { get; set; }
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;
        /// <summary>Called before each changing step (CreateCredential..DeleteOld); throwing makes that step fail. For tests.</summary>
        public Func<RotationStep, CancellationToken, Task>? BeforeStep { get; set; }
        /// <summary>Warnings as they happen (from any thread).</summary>
        public Action<string>? Warning { get; set; }
        /// <summary>The clock (the date in the rotated key's description, "valid before rotation").</summary>
        public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;
    }
}

namespace AtlasPS
{
    /// <summary>Which kind of credential a rotation replaces.</summary>
    public enum CredentialKind { ApiKey, ServiceAccount }

    /// <summary>One step of a rotation plan: what -WhatIf prints (ShouldProcess action on target).</summary>
    public sealed class RotationPlanStep
    {
        internal RotationPlanStep(AtlasPS.Core.Workflows.RotationStep step, string action, string target) { Step = step; Action = action; Target = target; }
        public AtlasPS.Core.Workflows.RotationStep Step { get; }
        /// <summary>What is done, e.g. "Create API key 'ci (rotated 2026-11-27)' with ORG_MEMBER".</summary>
        public string Action { get; }
        /// <summary>What it is done to, e.g. "Atlas organization 5f..." or "vault SecretStore, secret atlas-ci".</summary>
        public string Target { get; }
        public override string ToString() => Action + " [" + Target + "]";
    }

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

    /// <summary>The outcome of Update-AtlasCredential. Never carries a secret.</summary>
    public sealed class CredentialRotationResult
    {
        internal CredentialRotationResult() { }
        public CredentialKind Kind { get; internal set; }
        public string OrganizationId { get; internal set; } = "";
        /// <summary>API keys: the new key's id. Service accounts: the client id (unchanged).</summary>
        public string CredentialId { get; internal set; } = "";
        /// <summary>The new public key, or the client id.</summary>
        public string Identity { get; internal set; } = "";
        /// <summary>API keys: the replaced key's id. Service accounts: the client id.</summary>
        public string PreviousCredentialId { get; internal set; } = "";
        /// <summary>Service accounts: the new secret's id.</summary>
        public string? SecretId { get; internal set; }
        /// <summary>Service accounts: when the new secret expires.</summary>
        public DateTimeOffset? ExpiresAt { get; internal set; }
        public string? Description { get; internal set; }
        /// <summary>"vault/name".</summary>
        public string StoredIn { get; internal set; } = "";
        /// <summary>True when a call signed in with the new credential succeeded.</summary>
        public bool Proven { get; internal set; }
        /// <summary>The old key id or old secret ids that were deleted.</summary>
        public string[] DeletedIds { get; internal set; } = Array.Empty<string>();
        /// <summary>The old key id or old secret ids that still work (KeepPrevious).</summary>
        public string[] KeptIds { get; internal set; } = Array.Empty<string>();
        public string[] Warnings { get; internal set; } = Array.Empty<string>();
        public override string ToString() => $"{Kind} {Identity} -> {StoredIn}";
    }
}
