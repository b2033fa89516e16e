using System;
using System.Collections.Generic;
using System.Linq;

namespace AtlasPS.Core.Wire
{
    /// <summary>Wire shapes onto the public models a PowerShell user sees.</summary>
    internal static class Mapping
    {
        public static Organization ToModel(this AtlasOrganization o) => new Organization
        {
            Id = o.Id ?? "",
            Name = o.Name ?? "",
            IsDeleted = o.IsDeleted ?? false,
        };

        public static Project ToModel(this Group g) => new Project
        {
            Id = g.Id ?? "",
            Name = g.Name ?? "",
            OrgId = g.OrgId ?? "",
            ClusterCount = g.ClusterCount,
            Created = g.Created,
        };

        /// <summary>An org API key. Org roles are those with an orgId; project roles are grouped by groupId.</summary>
        public static ApiKey ToModel(this ApiKeyUserDetails k, string orgId)
        {
            var roles = k.Roles ?? new List<CloudAccessRoleAssignment>();
            // Reads (list/get) carry the redacted key ("********-****-****-abcd..."): that is MaskedPrivateKey, not a secret.
            // The converter has already told the two apart (WirePrivateKeyJsonConverter).
            var privateKey = k.PrivateKey?.Secret;
            var masked = k.PrivateKey?.Masked;
            return new ApiKey
            {
                Id = k.Id ?? "",
                OrgId = orgId,
                PublicKey = k.PublicKey ?? "",
                Description = k.Desc ?? "",
                Roles = roles.Where(r => r.GroupId == null && r.RoleName != null).Select(r => r.RoleName!).Distinct().ToArray(),
                ProjectRoles = roles.Where(r => r.GroupId != null && r.RoleName != null)
                    .GroupBy(r => r.GroupId!)
                    .Select(g => new ProjectRoleAssignment { ProjectId = g.Key, Roles = g.Select(r => r.RoleName!).Distinct().ToArray() })
                    .ToArray(),
                // The create response carries the one-time private key; it moves on as a SecureString, never as text.
                PrivateKey = privateKey,
                MaskedPrivateKey = masked,
            };
        }

        public static ProjectAccess ToProjectAccess(this ApiKeyUserDetails k, string projectId) => new ProjectAccess
        {
            ProjectId = projectId,
            PrincipalType = PrincipalType.ApiKey,
            ApiKeyId = k.Id,
            PublicKey = k.PublicKey,
            Name = k.Desc,
            Roles = (k.Roles ?? new List<CloudAccessRoleAssignment>())
                .Where(r => r.GroupId == projectId && r.RoleName != null).Select(r => r.RoleName!).Distinct().ToArray(),
        };

        public static AccessListEntry ToModel(this UserAccessListResponse e, string orgId, string apiKeyId) => new AccessListEntry
        {
            PrincipalType = PrincipalType.ApiKey,
            OrgId = orgId,
            ApiKeyId = apiKeyId,
            IpAddress = e.IpAddress,
            CidrBlock = e.CidrBlock ?? (e.IpAddress == null ? "" : Validation.AtlasInput.CidrOf(e.IpAddress)),
            Created = e.Created,
            LastUsed = e.LastUsed,
            LastUsedAddress = e.LastUsedAddress,
            RequestCount = e.Count,
        };

        public static AccessListEntry ToModel(this ServiceAccountIPAccessListEntry e, string orgId, string clientId) => new AccessListEntry
        {
            PrincipalType = PrincipalType.ServiceAccount,
            OrgId = orgId,
            ClientId = clientId,
            IpAddress = e.IpAddress,
            CidrBlock = e.CidrBlock ?? (e.IpAddress == null ? "" : Validation.AtlasInput.CidrOf(e.IpAddress)),
            Created = e.CreatedAt,
            LastUsed = e.LastUsedAt,
            LastUsedAddress = e.LastUsedAddress,
            RequestCount = e.RequestCount,
        };

        public static ServiceAccount ToModel(this OrgServiceAccount s, string orgId) =>
            ServiceAccountModel(s.ClientId, s.Name, s.Description, s.Roles, s.CreatedAt, s.Secrets, orgId, projectId: null);

        /// <summary>The same account read through a project: its roles are that project's roles.</summary>
        public static ServiceAccount ToModel(this GroupServiceAccount s, string orgId, string projectId) =>
            ServiceAccountModel(s.ClientId, s.Name, s.Description, s.Roles, s.CreatedAt, s.Secrets, orgId, projectId);

        private static ServiceAccount ServiceAccountModel(string? clientId, string? name, string? description, List<string>? roles,
            DateTimeOffset? createdAt, List<ServiceAccountSecretWire>? secrets, string orgId, string? projectId) => new ServiceAccount
        {
            ClientId = clientId ?? "",
            OrgId = orgId,
            ProjectId = projectId,
            Name = name ?? "",
            Description = description ?? "",
            Roles = roles?.ToArray() ?? Array.Empty<string>(),
            CreatedAt = createdAt,
            Secrets = (secrets ?? new List<ServiceAccountSecretWire>()).Select(x => x.ToModel(orgId, clientId ?? "")).ToArray(),
        };

        public static ServiceAccountSecret ToModel(this ServiceAccountSecretWire s, string orgId, string clientId) => new ServiceAccountSecret
        {
            Id = s.Id ?? "",
            OrgId = orgId,
            ClientId = clientId,
            CreatedAt = s.CreatedAt,
            ExpiresAt = s.ExpiresAt,
            LastUsedAt = s.LastUsedAt,
            MaskedSecretValue = s.MaskedSecretValue,
            Secret = s.Secret,
        };

        public static Invoice ToModel(this BillingInvoice i, string orgId) => new Invoice
        {
            Id = i.Id ?? "",
            OrgId = i.OrgId ?? orgId,
            StartDate = i.StartDate,
            EndDate = i.EndDate,
            StatusName = i.StatusName,
            AmountBilledCents = i.AmountBilledCents,
            AmountPaidCents = i.AmountPaidCents,
            LineItems = (i.LineItems ?? new List<InvoiceLineItemWire>()).Select(l => new InvoiceLineItem
            {
                Sku = l.Sku, ClusterName = l.ClusterName, GroupId = l.GroupId, Quantity = l.Quantity, Unit = l.Unit, TotalPriceCents = l.TotalPriceCents,
            }).ToArray(),
        };

        public static Cluster ToModel(this ClusterDescription c, string projectId)
        {
            var region = c.ReplicationSpecs?.FirstOrDefault()?.RegionConfigs?.FirstOrDefault();
            return new Cluster
            {
                Id = c.Id ?? "",
                Name = c.Name ?? "",
                ProjectId = c.GroupId ?? projectId,
                ClusterType = c.ClusterType,
                StateName = c.StateName,
                MongoDBVersion = c.MongoDBVersion,
                Paused = c.Paused ?? false,
                CreateDate = c.CreateDate,
                ProviderName = region?.ProviderName,
                RegionName = region?.RegionName,
                InstanceSize = region?.ElectableSpecs?.InstanceSize,
            };
        }
    }
}
