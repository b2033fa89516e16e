using System.Management.Automation;

namespace AtlasPS.Commands
{
    /// <summary>
    /// The principal parameters of the commands that act for an API key or a service account (the access-list cmdlets
    /// and Grant-/Set-/Revoke-AtlasProjectAccess): the ApiKey set (-ApiKeyId) and the ServiceAccount set (-ClientId),
    /// both bound by property name, and -OrganizationId.
    /// <para>
    /// ApiKey, ProjectAccess and AccessListEntry objects carry ApiKeyId; ServiceAccount and ServiceAccountSecret objects
    /// carry ClientId; ProjectAccess and AccessListEntry objects carry both, one of them null, and [ValidateNotNullOrEmpty]
    /// on each id makes the null one fail its set, so the binder picks the other. -ApiKeyId has no "Id" alias: a piped
    /// Project's or ServiceAccountSecret's Id would otherwise bind as the key id.
    /// </para>
    /// <para>
    /// The default set, NoPrincipal, is where PowerShell lands when no principal is given at all: the command then stops
    /// with a message naming -ApiKeyId, -ClientId and the pipeline (not "Parameter set cannot be resolved"). It takes
    /// NOTHING from the pipeline: PowerShell binds piped objects to the default set first, and a default set that took a
    /// property would swallow piped objects of either kind. -OrganizationId binds from piped objects in both principal
    /// sets (without that, a key's OrgId pulled the binder towards the ServiceAccount set too: AmbiguousParameterSet).
    /// </para>
    /// </summary>
    public abstract class PrincipalCommandBase : AtlasApiCmdlet
    {
        public const string ApiKeySet = "ApiKey";
        public const string ServiceAccountSet = "ServiceAccount";
        public const string NoPrincipalSet = "NoPrincipal";

        /// <summary>The API key's id (ApiKey set).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>The service account's client id (mdb_sa_id_...).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NoPrincipalSet)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }
    }
}
