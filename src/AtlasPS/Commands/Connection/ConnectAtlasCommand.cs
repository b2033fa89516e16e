using System;
using System.Management.Automation;
using System.Security;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Secrets;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Connects the session to Atlas. Changes only session state, so it does not ask for confirmation.
    /// Without a credential (the default set with no -Credential) the MONGODB_ATLAS_* environment variables are used.
    /// With -Vault -SecretName the credential is read from a SecretManagement vault (as stored by New-AtlasApiKey -Vault).
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Atlas", DefaultParameterSetName = CredentialSet)]
    [OutputType(typeof(AtlasConnection))]
    public sealed class ConnectAtlasCommand : AtlasCmdlet
    {
        public const string CredentialSet = "Credential";
        public const string ApiKeySet = "ApiKey";
        public const string ServiceAccountSet = "ServiceAccount";
        public const string AccessTokenSet = "AccessToken";
        public const string VaultSet = "Vault";

        /// <summary>Public key (or mdb_sa_id_ client id) as user name, private key (or client secret) as password.</summary>
        [Parameter(Position = 0, ParameterSetName = CredentialSet)]
        [Credential]
        public PSCredential? Credential { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [ValidateNotNullOrEmpty]
        public string PublicKey { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [ValidateNotNull]
        public SecureString PrivateKey { get; set; } = new SecureString();

        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet)]
        [ValidateNotNullOrEmpty]
        public string ClientId { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet)]
        [ValidateNotNull]
        public SecureString ClientSecret { get; set; } = new SecureString();

        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public SecureString AccessToken { get; set; } = new SecureString();

        /// <summary>A registered SecretManagement vault holding the credential (Get-SecretVault lists them).</summary>
        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string Vault { get; set; } = "";

        /// <summary>The name of the stored credential (a PSCredential: public key or client id as user name).</summary>
        [Parameter(Mandatory = true, ParameterSetName = VaultSet)]
        [ValidateNotNullOrEmpty]
        public string SecretName { get; set; } = "";

        /// <summary>The Atlas root URL (default https://cloud.mongodb.com, or MONGODB_ATLAS_BASE_URL).</summary>
        [Parameter]
        [ValidateNotNull]
        public Uri? BaseUri { get; set; }

        [Parameter]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        [Parameter]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string? ProjectId { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var request = new ConnectRequest { BaseUri = BaseUri, OrganizationId = OrganizationId, ProjectId = ProjectId };
            switch (ParameterSetName)
            {
                case CredentialSet when Credential != null && Credential != PSCredential.Empty:
                    request.CredentialUserName = Credential.UserName;
                    request.CredentialPassword = Credential.Password;
                    break;
                case ApiKeySet: request.PublicKey = PublicKey; request.PrivateKey = PrivateKey; break;
                case ServiceAccountSet: request.ClientId = ClientId; request.ClientSecret = ClientSecret; break;
                case AccessTokenSet: request.AccessToken = AccessToken; break;
                case VaultSet: ReadFromVault(request); break;
            }
            request.ConfigureOptions = o => o.UserAgentSuffix = "PowerShell/" + (Host?.Version?.ToString() ?? "unknown");

            AtlasConnection connection;
            try
            {
                connection = Run(ct => ConnectionWorkflows.ConnectAsync(request, ConnectionWorkflows.ProcessEnvironment, ct));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowAtlasError(ex, request.PublicKey ?? request.ClientId ?? request.CredentialUserName, "Connection");
                return;
            }
            if (PassThru) ConnectionStore.MarkHandedOut(connection);
            ConnectionStore.Current = connection;
            WriteVerbose($"Connected to {connection.BaseUri} as {connection.AuthenticationType} {connection.Identity}; organization {connection.OrganizationId ?? "(none: pass -OrganizationId to commands)"}.");
            if (PassThru) WriteObject(connection);
        }

        /// <summary>
        /// Reads the stored credential (vault calls on this thread); explicit -BaseUri/-OrganizationId win over the
        /// secret's metadata, which wins over MONGODB_ATLAS_* (consulted by ConnectionWorkflows only for what is still null).
        /// </summary>
        private void ReadFromVault(ConnectRequest request)
        {
            VaultCredential stored;
            try
            {
                var vault = new global::AtlasPS.SecretManagement.SecretManagementVault(this);
                stored = Run(ct => StoredCredentialReader.ReadAsync(vault, Vault, SecretName, ct));
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, SecretName, "Connection"); return; }
            switch (stored.Credential)
            {
                case ApiKeyCredential k: request.PublicKey = k.PublicKey; request.PrivateKey = k.PrivateKey; break;
                case ServiceAccountCredential sa: request.ClientId = sa.ClientId; request.ClientSecret = sa.ClientSecret; break;
            }
            request.BaseUri ??= stored.BaseUri;
            request.OrganizationId ??= stored.OrganizationId;
        }
    }
}
