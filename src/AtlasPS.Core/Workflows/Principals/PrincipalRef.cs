using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>The principal a shared access-list / project-access command works on.</summary>
    public sealed class PrincipalRef
    {
        private PrincipalRef(PrincipalType type, string id, string? organizationId)
        {
            Type = type; Id = id; OrganizationId = organizationId;
            Access = type == PrincipalType.ApiKey ? (IPrincipalAccess)new ApiKeyPrincipal(id) : new ServiceAccountPrincipal(id, organizationId);
        }

        public PrincipalType Type { get; }
        /// <summary>The API key id, or the service account's client id.</summary>
        public string Id { get; }
        /// <summary>Service accounts: the organization (null = the connection's). API-key project calls need none.</summary>
        public string? OrganizationId { get; }

        /// <summary>What this kind of principal does with access lists and projects.</summary>
        internal IPrincipalAccess Access { get; }

        public static PrincipalRef ApiKey(string apiKeyId) => new PrincipalRef(PrincipalType.ApiKey, AtlasInput.ApiKeyId(apiKeyId), null);
        public static PrincipalRef ServiceAccount(string clientId, string? organizationId = null) =>
            new PrincipalRef(PrincipalType.ServiceAccount, AtlasInput.ClientId(clientId),
                string.IsNullOrWhiteSpace(organizationId) ? null : AtlasInput.OrganizationId(organizationId!));

        /// <summary>Same principal (type, id and organization).</summary>
        public string Key => Type + "|" + Id + "|" + OrganizationId;

        public override string ToString() => Access.ToString()!;
    }
}
