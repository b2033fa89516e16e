using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace AtlasPS.Core.Workflows
{
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
