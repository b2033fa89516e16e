using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>A client secret of a service account.</summary>
    public sealed class ServiceAccountSecret
    {
        public string Id { get; set; } = "";
        public string ClientId { get; set; } = "";
        public string OrgId { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? MaskedSecretValue { get; set; }
        /// <summary>The one-time secret: only on the object returned at creation, and only when no vault took it.</summary>
        public SecureString? Secret { get; set; }
        public string? StoredIn { get; set; }
        public bool IsExpired => ExpiresAt <= DateTimeOffset.UtcNow;
        /// <summary>Days until expiry (negative when expired): `Where-Object DaysToExpiry -lt 14`.</summary>
        public double DaysToExpiry => Math.Round((ExpiresAt - DateTimeOffset.UtcNow).TotalDays, 2);
        public string SecretId => Id;
        public override string ToString() => Id + " (expires " + ExpiresAt.ToString("u") + ")";
    }
}
