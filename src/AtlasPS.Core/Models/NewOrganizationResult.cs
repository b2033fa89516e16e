namespace AtlasPS
{
    public sealed class NewOrganizationResult
    {
        public NewOrganizationResult(Organization organization, ApiKey? apiKey, ServiceAccount? serviceAccount)
        {
            Organization = organization; ApiKey = apiKey; ServiceAccount = serviceAccount;
        }
        public Organization Organization { get; }
        public ApiKey? ApiKey { get; }
        public ServiceAccount? ServiceAccount { get; }
    }
}
