using System;
using System.Collections.Generic;
using System.Security;

// Public models: the names a PowerShell user sees in Get-Member. Plain classes; no wire concerns.
// Secrets are SecureString and never appear in ToString().
namespace AtlasPS
{
    /// <summary>An Atlas organization.</summary>
    public sealed class Organization
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public bool IsDeleted { get; set; }
        /// <summary>The organization id again, so that pipelines bind -OrganizationId by property name.</summary>
        public string OrgId => Id;
        public override string ToString() => Name;
    }

    /// <summary>An Atlas project (the API calls it a group).</summary>
    public sealed class Project
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string OrgId { get; set; } = "";
        public long ClusterCount { get; set; }
        public DateTimeOffset? Created { get; set; }
        /// <summary>Alias-friendly duplicate so that `Get-AtlasProject | X -ProjectId` binds by property name.</summary>
        public string ProjectId => Id;
        public override string ToString() => Name;
    }

    /// <summary>A role granted in one project.</summary>
    public sealed class ProjectRoleAssignment
    {
        public string ProjectId { get; set; } = "";
        public string[] Roles { get; set; } = Array.Empty<string>();
        public override string ToString() => ProjectId + ": " + string.Join(",", Roles);
    }

    /// <summary>An organization API key (programmatic API key).</summary>
    public sealed class ApiKey
    {
        public string Id { get; set; } = "";
        public string OrgId { get; set; } = "";
        public string PublicKey { get; set; } = "";
        public string Description { get; set; } = "";
        /// <summary>Organization roles (ORG_*).</summary>
        public string[] Roles { get; set; } = Array.Empty<string>();
        /// <summary>Project roles, one entry per project the key is assigned to.</summary>
        public ProjectRoleAssignment[] ProjectRoles { get; set; } = Array.Empty<ProjectRoleAssignment>();
        /// <summary>The private key as Atlas shows it after creation (redacted). Never the secret.</summary>
        public string? MaskedPrivateKey { get; set; }
        /// <summary>The one-time private key: only set on the object returned at creation, and only when no vault took it.</summary>
        public SecureString? PrivateKey { get; set; }
        /// <summary>Where the private key was stored, when a vault took it (e.g. "SecretStore/atlas-ci").</summary>
        public string? StoredIn { get; set; }
        /// <summary>The key id again: it binds -ApiKeyId by property name (no command binds a bare Id, which every kind has).</summary>
        public string ApiKeyId => Id;
        public override string ToString() => PublicKey + " (" + Description + ")";
    }

    /// <summary>Which kind of principal an access-list entry or a project assignment belongs to.</summary>
    public enum PrincipalType { ApiKey, ServiceAccount }

    /// <summary>One entry of an API key's or service account's IP access list.</summary>
    public sealed class AccessListEntry
    {
        public PrincipalType PrincipalType { get; set; }
        public string OrgId { get; set; } = "";
        /// <summary>The API key id (PrincipalType ApiKey), else null.</summary>
        public string? ApiKeyId { get; set; }
        /// <summary>The service account client id (PrincipalType ServiceAccount), else null.</summary>
        public string? ClientId { get; set; }
        /// <summary>A single address, when the entry is one.</summary>
        public string? IpAddress { get; set; }
        /// <summary>The CIDR block (Atlas reports one for single addresses too, as /32 or /128).</summary>
        public string CidrBlock { get; set; } = "";
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset? LastUsed { get; set; }
        public string? LastUsedAddress { get; set; }
        public long? RequestCount { get; set; }
        /// <summary>True for 0.0.0.0/0 and ::/0: the whole internet.</summary>
        public bool IsOpenToWorld => CidrBlock == "0.0.0.0/0" || CidrBlock == "::/0";
        /// <summary>The value to address the entry by: the IP address when single, else the CIDR block.</summary>
        public string Entry => IpAddress ?? CidrBlock;
        public override string ToString() => Entry;
    }

    /// <summary>One principal's access to one project.</summary>
    public sealed class ProjectAccess
    {
        public string ProjectId { get; set; } = "";
        public PrincipalType PrincipalType { get; set; }
        public string? ApiKeyId { get; set; }
        public string? PublicKey { get; set; }
        public string? ClientId { get; set; }
        public string? Name { get; set; }
        public string[] Roles { get; set; } = Array.Empty<string>();
        public override string ToString() => (ApiKeyId ?? ClientId) + "@" + ProjectId + ": " + string.Join(",", Roles);
    }

    /// <summary>An organization service account (OAuth client).</summary>
    public sealed class ServiceAccount
    {
        public string ClientId { get; set; } = "";
        public string OrgId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        /// <summary>Organization roles, or project roles when read through a project.</summary>
        public string[] Roles { get; set; } = Array.Empty<string>();
        /// <summary>Set when the account was read through a project (-ProjectId).</summary>
        public string? ProjectId { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public ServiceAccountSecret[] Secrets { get; set; } = Array.Empty<ServiceAccountSecret>();
        /// <summary>Where the first secret was stored, when a vault took it.</summary>
        public string? StoredIn { get; set; }
        public override string ToString() => Name + " (" + ClientId + ")";
    }

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

    /// <summary>An invoice (or pending invoice).</summary>
    public sealed class Invoice
    {
        public string Id { get; set; } = "";
        public string OrgId { get; set; } = "";
        public DateTimeOffset? StartDate { get; set; }
        public DateTimeOffset? EndDate { get; set; }
        public string? StatusName { get; set; }
        public long AmountBilledCents { get; set; }
        public long AmountPaidCents { get; set; }
        public decimal AmountBilled => AmountBilledCents / 100m;
        public decimal AmountPaid => AmountPaidCents / 100m;
        public InvoiceLineItem[] LineItems { get; set; } = Array.Empty<InvoiceLineItem>();
        /// <summary>The invoice id again, so that `$invoice | Get-AtlasInvoice` binds -InvoiceId by property name (-InvoiceId has no Id alias: an organization's Id is not an invoice id).</summary>
        public string InvoiceId => Id;
        public override string ToString() => Id;
    }

    public sealed class InvoiceLineItem
    {
        public string? Sku { get; set; }
        public string? ClusterName { get; set; }
        public string? GroupId { get; set; }
        public double? Quantity { get; set; }
        public string? Unit { get; set; }
        public long TotalPriceCents { get; set; }
        public decimal TotalPrice => TotalPriceCents / 100m;
    }

    /// <summary>A cluster, as an inventory or cost tool sees it.</summary>
    public sealed class Cluster
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string ProjectId { get; set; } = "";
        public string? ClusterType { get; set; }
        public string? StateName { get; set; }
        public string? MongoDBVersion { get; set; }
        public bool Paused { get; set; }
        public DateTimeOffset? CreateDate { get; set; }
        public string? ProviderName { get; set; }
        public string? InstanceSize { get; set; }
        public string? RegionName { get; set; }
        public override string ToString() => Name;
    }
}
