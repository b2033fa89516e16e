namespace AtlasPS.Emulator;

/// <summary>Credentials and identifiers seeded at start-up.</summary>
public sealed class EmulatorSeed
{
    internal EmulatorSeed(string orgId, string orgName, IReadOnlyList<string> projectIds, string ownerApiKeyId,
        string publicKey, string privateKey, string serviceAccountClientId, string clientSecret)
    {
        OrgId = orgId;
        OrgName = orgName;
        ProjectIds = projectIds;
        OwnerApiKeyId = ownerApiKeyId;
        PublicKey = publicKey;
        PrivateKey = privateKey;
        ServiceAccountClientId = serviceAccountClientId;
        ClientSecret = clientSecret;
    }

    public string OrgId { get; }
    public string OrgName { get; }
    public IReadOnlyList<string> ProjectIds { get; }
    /// <summary>Id of the seeded ORG_OWNER API key.</summary>
    public string OwnerApiKeyId { get; }
    public string PublicKey { get; }
    public string PrivateKey { get; }
    /// <summary>Client id of the seeded ORG_OWNER service account.</summary>
    public string ServiceAccountClientId { get; }
    public string ClientSecret { get; }
}
