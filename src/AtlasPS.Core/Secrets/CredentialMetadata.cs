using System;
using System.Collections.Generic;
using System.Globalization;

namespace AtlasPS.Core.Secrets
{
    /// <summary>
    /// The non-secret metadata AtlasPS writes next to a stored credential (Set-SecretInfo), and reads back in
    /// Connect-Atlas -Vault. SecretManagement accepts only string, int and DateTime values, so roles are one
    /// comma-separated string and times are UTC DateTime. Nothing sensitive ever goes here.
    /// </summary>
    public static class CredentialMetadata
    {
        public const string Kind = "AtlasKind";
        public const string OrgId = "AtlasOrgId";
        public const string ApiKeyId = "AtlasApiKeyId";
        public const string ClientId = "AtlasClientId";
        public const string SecretId = "AtlasSecretId";
        public const string Roles = "AtlasRoles";
        public const string Description = "AtlasDescription";
        public const string Created = "AtlasCreated";
        public const string Expires = "AtlasExpires";
        public const string BaseUrl = "AtlasBaseUrl";

        public static Dictionary<string, object> Build(string kind, string? orgId, string? apiKeyId = null, string? clientId = null,
            string? secretId = null, IEnumerable<string>? roles = null, string? description = null,
            DateTimeOffset? created = null, DateTimeOffset? expires = null, Uri? baseUri = null)
        {
            var m = new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase) { [Kind] = kind };
            void Put(string key, string? value) { if (!string.IsNullOrWhiteSpace(value)) m[key] = value!; }
            Put(OrgId, orgId);
            Put(ApiKeyId, apiKeyId);
            Put(ClientId, clientId);
            Put(SecretId, secretId);
            if (roles != null) Put(Roles, string.Join(",", roles));
            Put(Description, description);
            if (created.HasValue) m[Created] = created.Value.UtcDateTime;
            if (expires.HasValue) m[Expires] = expires.Value.UtcDateTime;
            if (baseUri != null) Put(BaseUrl, baseUri.GetLeftPart(UriPartial.Authority));
            return m;
        }

        internal static string? GetString(IReadOnlyDictionary<string, object> metadata, string key)
        {
            foreach (var p in metadata)
                if (string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase))
                    return p.Value is null ? null : Convert.ToString(p.Value, CultureInfo.InvariantCulture);
            return null;
        }

        internal static DateTimeOffset? GetTime(IReadOnlyDictionary<string, object> metadata, string key)
        {
            foreach (var p in metadata)
            {
                if (!string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)) continue;
                switch (p.Value)
                {
                    case DateTime d: return new DateTimeOffset(d.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(d, DateTimeKind.Utc) : d.ToUniversalTime());
                    case DateTimeOffset o: return o;
                    case string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t): return t;
                    default: return null;
                }
            }
            return null;
        }
    }
}
