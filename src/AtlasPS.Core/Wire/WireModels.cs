using System;
using System.Collections.Generic;
using System.Security;
using System.Text.Json.Serialization;

// Wire shapes: the spec's schemas, with the spec's names. Internal; mapped onto the public models in Mapping.cs.
// Unknown JSON properties are ignored, so new Atlas fields never break deserialization.
namespace AtlasPS.Core.Wire
{
    internal sealed class Paginated<T>
    {
        public List<T> Results { get; set; } = new List<T>();
        public int? TotalCount { get; set; }
        public List<Link>? Links { get; set; }
    }

    internal sealed class Link
    {
        public string? Href { get; set; }
        public string? Rel { get; set; }
    }

    internal sealed class ApiError
    {
        public int Error { get; set; }
        public string? ErrorCode { get; set; }
        public string? Detail { get; set; }
        public string? Reason { get; set; }
        public List<System.Text.Json.JsonElement>? Parameters { get; set; }
        public BadRequestDetail? BadRequestDetail { get; set; }
    }

    internal sealed class BadRequestDetail
    {
        public List<FieldViolation>? Fields { get; set; }
    }

    internal sealed class FieldViolation
    {
        public string? Field { get; set; }
        public string? Description { get; set; }
    }

    // ---- organizations
    internal sealed class AtlasOrganization
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public bool? IsDeleted { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public bool? SkipDefaultAlertsSettings { get; set; }
    }

    internal sealed class CreateOrganizationRequest
    {
        public string Name { get; set; } = "";
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public CreateAtlasOrganizationApiKey? ApiKey { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public OrgServiceAccountRequest? ServiceAccount { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? OrgOwnerId { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? FederationSettingsId { get; set; }
    }

    internal sealed class CreateOrganizationResponse
    {
        public AtlasOrganization? Organization { get; set; }
        public ApiKeyUserDetails? ApiKey { get; set; }
        public OrgServiceAccount? ServiceAccount { get; set; }
        public string? OrgOwnerId { get; set; }
    }

    internal sealed class OrganizationSettings
    {
        public bool? ApiAccessListRequired { get; set; }
        public int? MaxServiceAccountSecretValidityInHours { get; set; }
        public bool? MultiFactorAuthRequired { get; set; }
        public bool? RestrictEmployeeAccess { get; set; }
    }

    // ---- projects
    internal sealed class Group
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? OrgId { get; set; }
        public long ClusterCount { get; set; }
        public DateTimeOffset? Created { get; set; }
    }

    // ---- API keys
    internal sealed class CreateAtlasOrganizationApiKey
    {
        public string Desc { get; set; } = "";
        public List<string> Roles { get; set; } = new List<string>();
    }

    internal sealed class UpdateAtlasOrganizationApiKey
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Desc { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<string>? Roles { get; set; }
    }

    internal sealed class CreateAtlasProjectApiKey
    {
        public string Desc { get; set; } = "";
        public List<string> Roles { get; set; } = new List<string>();
    }

    internal sealed class UpdateAtlasProjectApiKey
    {
        public List<string> Roles { get; set; } = new List<string>();
    }

    internal sealed class UserAccessRoleAssignment
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? ApiUserId { get; set; }
        public List<string> Roles { get; set; } = new List<string>();
    }

    internal sealed class ApiKeyUserDetails
    {
        public string? Id { get; set; }
        public string? Desc { get; set; }
        public string? PublicKey { get; set; }
        /// <summary>Unredacted only in create responses (read straight into a SecureString); redacted text in reads.</summary>
        [JsonConverter(typeof(WirePrivateKeyJsonConverter))]
        public WirePrivateKey? PrivateKey { get; set; }
        public List<CloudAccessRoleAssignment>? Roles { get; set; }
    }

    internal sealed class CloudAccessRoleAssignment
    {
        public string? RoleName { get; set; }
        public string? OrgId { get; set; }
        public string? GroupId { get; set; }
    }

    // ---- access lists (API keys and service accounts share the request shape)
    internal sealed class AccessListRequest
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? IpAddress { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? CidrBlock { get; set; }
    }

    internal sealed class UserAccessListResponse
    {
        public string? CidrBlock { get; set; }
        public string? IpAddress { get; set; }
        public DateTimeOffset? Created { get; set; }
        public DateTimeOffset? LastUsed { get; set; }
        public string? LastUsedAddress { get; set; }
        public long? Count { get; set; }
    }

    internal sealed class ServiceAccountIPAccessListEntry
    {
        public string? CidrBlock { get; set; }
        public string? IpAddress { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? LastUsedAddress { get; set; }
        public long? RequestCount { get; set; }
    }

    // ---- service accounts
    internal sealed class OrgServiceAccountRequest
    {
        public string Name { get; set; } = "";
        public string Description { get; set; } = "";
        public List<string> Roles { get; set; } = new List<string>();
        public int SecretExpiresAfterHours { get; set; }
    }

    internal sealed class ServiceAccountUpdateRequest
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Name { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public string? Description { get; set; }
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public List<string>? Roles { get; set; }
    }

    internal sealed class OrgServiceAccount
    {
        public string? ClientId { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public List<string>? Roles { get; set; }
        public List<ServiceAccountSecretWire>? Secrets { get; set; }
    }

    internal sealed class GroupServiceAccount
    {
        public string? ClientId { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public List<string>? Roles { get; set; }
        public List<ServiceAccountSecretWire>? Secrets { get; set; }
    }

    internal sealed class GroupServiceAccountRoleAssignment
    {
        public List<string> Roles { get; set; } = new List<string>();
    }

    internal sealed class ServiceAccountSecretRequest
    {
        public int SecretExpiresAfterHours { get; set; }
    }

    internal sealed class ServiceAccountSecretWire
    {
        public string? Id { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset ExpiresAt { get; set; }
        public DateTimeOffset? LastUsedAt { get; set; }
        public string? MaskedSecretValue { get; set; }
        /// <summary>Only in the create response; read straight into a SecureString.</summary>
        [JsonConverter(typeof(SecureStringJsonConverter))]
        public SecureString? Secret { get; set; }
    }

    internal sealed class ServiceAccountGroup
    {
        public string? GroupId { get; set; }
        public List<string>? Roles { get; set; }
    }

    // ---- billing and inventory
    internal sealed class BillingInvoice
    {
        public string? Id { get; set; }
        public string? OrgId { get; set; }
        public DateTimeOffset? StartDate { get; set; }
        public DateTimeOffset? EndDate { get; set; }
        public string? StatusName { get; set; }
        public long AmountBilledCents { get; set; }
        public long AmountPaidCents { get; set; }
        public List<InvoiceLineItemWire>? LineItems { get; set; }
    }

    internal sealed class InvoiceLineItemWire
    {
        public string? Sku { get; set; }
        public string? ClusterName { get; set; }
        public string? GroupId { get; set; }
        public double? Quantity { get; set; }
        public string? Unit { get; set; }
        public long TotalPriceCents { get; set; }
    }

    internal sealed class ClusterDescription
    {
        public string? Id { get; set; }
        public string? Name { get; set; }
        public string? GroupId { get; set; }
        public string? ClusterType { get; set; }
        public string? StateName { get; set; }
        public string? MongoDBVersion { get; set; }
        public bool? Paused { get; set; }
        public DateTimeOffset? CreateDate { get; set; }
        public List<ReplicationSpec>? ReplicationSpecs { get; set; }
    }

    internal sealed class ReplicationSpec
    {
        public List<RegionConfig>? RegionConfigs { get; set; }
    }

    internal sealed class RegionConfig
    {
        public string? ProviderName { get; set; }
        public string? RegionName { get; set; }
        public HardwareSpec? ElectableSpecs { get; set; }
    }

    internal sealed class HardwareSpec
    {
        public string? InstanceSize { get; set; }
        public int? NodeCount { get; set; }
    }

    /// <summary>The OAuth token endpoint's answer (not part of the spec's paths).</summary>
    internal sealed class TokenResponse
    {
        [JsonPropertyName("access_token")]
        [JsonConverter(typeof(SecureStringJsonConverter))]
        public SecureString? AccessToken { get; set; }
        [JsonPropertyName("token_type")]
        public string? TokenType { get; set; }
        [JsonPropertyName("expires_in")]
        public int? ExpiresIn { get; set; }
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(ApiError))]
    [JsonSerializable(typeof(Paginated<AtlasOrganization>))]
    [JsonSerializable(typeof(AtlasOrganization))]
    [JsonSerializable(typeof(CreateOrganizationRequest))]
    [JsonSerializable(typeof(CreateOrganizationResponse))]
    [JsonSerializable(typeof(OrganizationSettings))]
    [JsonSerializable(typeof(Paginated<Group>))]
    [JsonSerializable(typeof(Group))]
    [JsonSerializable(typeof(Paginated<ApiKeyUserDetails>))]
    [JsonSerializable(typeof(ApiKeyUserDetails))]
    [JsonSerializable(typeof(CreateAtlasOrganizationApiKey))]
    [JsonSerializable(typeof(UpdateAtlasOrganizationApiKey))]
    [JsonSerializable(typeof(CreateAtlasProjectApiKey))]
    [JsonSerializable(typeof(UpdateAtlasProjectApiKey))]
    [JsonSerializable(typeof(List<UserAccessRoleAssignment>))]
    [JsonSerializable(typeof(List<AccessListRequest>))]
    [JsonSerializable(typeof(Paginated<UserAccessListResponse>))]
    [JsonSerializable(typeof(UserAccessListResponse))]
    [JsonSerializable(typeof(Paginated<ServiceAccountIPAccessListEntry>))]
    [JsonSerializable(typeof(OrgServiceAccountRequest))]
    [JsonSerializable(typeof(ServiceAccountUpdateRequest))]
    [JsonSerializable(typeof(Paginated<OrgServiceAccount>))]
    [JsonSerializable(typeof(OrgServiceAccount))]
    [JsonSerializable(typeof(Paginated<GroupServiceAccount>))]
    [JsonSerializable(typeof(GroupServiceAccount))]
    [JsonSerializable(typeof(GroupServiceAccountRoleAssignment))]
    [JsonSerializable(typeof(ServiceAccountSecretRequest))]
    [JsonSerializable(typeof(ServiceAccountSecretWire))]
    [JsonSerializable(typeof(Paginated<ServiceAccountGroup>))]
    [JsonSerializable(typeof(Paginated<BillingInvoice>))]
    [JsonSerializable(typeof(BillingInvoice))]
    [JsonSerializable(typeof(Paginated<ClusterDescription>))]
    [JsonSerializable(typeof(TokenResponse))]
    internal sealed partial class AtlasJsonContext : JsonSerializerContext
    {
    }
}
