using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Validation;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// Connect-Atlas: resolves a credential from explicit values or MONGODB_ATLAS_* environment variables, proves it
    /// with one call (first page of organizations), picks the default organization, and returns the connection.
    /// </summary>
    public static class ConnectionWorkflows
    {
        public const string EnvPublicKey = "MONGODB_ATLAS_PUBLIC_API_KEY";
        public const string EnvPrivateKey = "MONGODB_ATLAS_PRIVATE_API_KEY";
        public const string EnvClientId = "MONGODB_ATLAS_CLIENT_ID";
        public const string EnvClientSecret = "MONGODB_ATLAS_CLIENT_SECRET";
        public const string EnvOrgId = "MONGODB_ATLAS_ORG_ID";
        public const string EnvProjectId = "MONGODB_ATLAS_PROJECT_ID";
        public const string EnvBaseUrl = "MONGODB_ATLAS_BASE_URL";
        public const string EnvOpsManagerUrl = "MONGODB_ATLAS_OPS_MANAGER_URL";

        /// <summary>The process environment reader the cmdlet uses.</summary>
        public static readonly Func<string, string?> ProcessEnvironment = Environment.GetEnvironmentVariable;

        /// <summary>Decides credential, base URI, org and project without any network call.</summary>
        public static ResolvedConnection Resolve(ConnectRequest request, Func<string, string?> env)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            env ??= _ => null;
            int given = (request.CredentialUserName != null ? 1 : 0) + (request.PublicKey != null ? 1 : 0)
                + (request.ClientId != null ? 1 : 0) + (request.AccessToken != null ? 1 : 0);
            if (given > 1)
                throw new AtlasValidationException("AtlasAmbiguousCredential",
                    "Give one credential: -Credential, -PublicKey/-PrivateKey, -ClientId/-ClientSecret or -AccessToken, not several.", "Credential");

            AtlasCredential credential;
            string source;
            if (request.CredentialUserName != null)
            {
                string user = request.CredentialUserName.Trim();
                var secret = request.CredentialPassword;
                if (secret is null || secret.Length == 0)
                    throw new AtlasValidationException("AtlasMissingSecret",
                        $"The credential for {AtlasInput.Quote(user)} has an empty password. Put the private key (or client secret) in the password field.", "Credential");
                credential = user.StartsWith(ServiceAccountCredential.ClientIdPrefix, StringComparison.Ordinal)
                    ? (AtlasCredential)new ServiceAccountCredential(AtlasInput.ClientId(user, "Credential"), Copy(secret))
                    : new ApiKeyCredential(PublicKeyOf(user, "Credential"), Copy(secret));
                source = "-Credential";
            }
            else if (request.PublicKey != null)
            {
                if (request.PrivateKey is null || request.PrivateKey.Length == 0)
                    throw new AtlasValidationException("AtlasMissingSecret", $"-PrivateKey is missing for public key {AtlasInput.Quote(request.PublicKey)}. Give both -PublicKey and -PrivateKey.", "PrivateKey");
                credential = new ApiKeyCredential(PublicKeyOf(request.PublicKey, "PublicKey"), Copy(request.PrivateKey));
                source = "-PublicKey/-PrivateKey";
            }
            else if (request.ClientId != null)
            {
                if (request.ClientSecret is null || request.ClientSecret.Length == 0)
                    throw new AtlasValidationException("AtlasMissingSecret", $"-ClientSecret is missing for client id {AtlasInput.Quote(request.ClientId)}. Give both -ClientId and -ClientSecret.", "ClientSecret");
                credential = new ServiceAccountCredential(AtlasInput.ClientId(request.ClientId), Copy(request.ClientSecret));
                source = "-ClientId/-ClientSecret";
            }
            else if (request.AccessToken != null)
            {
                if (request.AccessToken.Length == 0)
                    throw new AtlasValidationException("AtlasMissingSecret", "-AccessToken is empty.", "AccessToken");
                credential = new AccessTokenCredential(Copy(request.AccessToken));
                source = "-AccessToken";
            }
            else
            {
                credential = FromEnvironment(env, out source);
            }

            Uri? baseUri = request.BaseUri;
            if (baseUri is null)
            {
                string? text = NonEmpty(env(EnvBaseUrl)) ?? NonEmpty(env(EnvOpsManagerUrl));
                if (text != null)
                {
                    if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out baseUri))
                        throw new AtlasValidationException("AtlasInvalidBaseUri",
                            $"{(NonEmpty(env(EnvBaseUrl)) != null ? EnvBaseUrl : EnvOpsManagerUrl)} is {AtlasInput.Quote(text)}, which is not an absolute URL. Set it to e.g. https://cloud.mongodb.com, or pass -BaseUri.", "BaseUri", text);
                }
            }
            baseUri = AtlasBaseUri.Validate(baseUri);

            string? org = NonEmpty(request.OrganizationId) ?? NonEmpty(env(EnvOrgId));
            string? project = NonEmpty(request.ProjectId) ?? NonEmpty(env(EnvProjectId));
            return new ResolvedConnection(credential, source, baseUri,
                org is null ? null : AtlasInput.OrganizationId(org), project is null ? null : AtlasInput.ProjectId(project));
        }

        private static AtlasCredential FromEnvironment(Func<string, string?> env, out string source)
        {
            string? pub = NonEmpty(env(EnvPublicKey));
            string? priv = NonEmpty(env(EnvPrivateKey));
            string? cid = NonEmpty(env(EnvClientId));
            string? csec = NonEmpty(env(EnvClientSecret));
            if (pub != null || priv != null)
            {
                if (pub is null || priv is null)
                    throw new AtlasValidationException("AtlasIncompleteEnvironmentCredential",
                        $"Only one of {EnvPublicKey} and {EnvPrivateKey} is set; set both, or pass -PublicKey and -PrivateKey.", "PublicKey");
                source = EnvPublicKey + "/" + EnvPrivateKey;
                return new ApiKeyCredential(PublicKeyOf(pub, EnvPublicKey), SecretText.FromString(priv));
            }
            if (cid != null || csec != null)
            {
                if (cid is null || csec is null)
                    throw new AtlasValidationException("AtlasIncompleteEnvironmentCredential",
                        $"Only one of {EnvClientId} and {EnvClientSecret} is set; set both, or pass -ClientId and -ClientSecret.", "ClientId");
                source = EnvClientId + "/" + EnvClientSecret;
                return new ServiceAccountCredential(AtlasInput.ClientId(cid, EnvClientId), SecretText.FromString(csec));
            }
            throw new AtlasValidationException("AtlasNoCredential",
                $"No credential was given. Pass -Credential (public key or client id as user name, private key or secret as password), -PublicKey/-PrivateKey, -ClientId/-ClientSecret or -AccessToken, or set {EnvPublicKey} and {EnvPrivateKey} (or {EnvClientId} and {EnvClientSecret}).", "Credential");
        }

        private static string PublicKeyOf(string value, string parameter)
        {
            string v = value.Trim();
            if (v.Length == 0)
                throw new AtlasValidationException("AtlasMissingValue", $"-{parameter} is empty. Give the API key's public key (8 lower-case letters).", parameter);
            if (v.StartsWith("mdb_sa_", StringComparison.Ordinal) && parameter == "PublicKey")
                throw new AtlasValidationException("AtlasClientIdGivenAsPublicKey", $"{AtlasInput.Quote(v)} is a service account client id; use -ClientId and -ClientSecret.", parameter, v);
            return v;
        }

        private static SecureString Copy(SecureString s) => s.Copy();
        private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

        /// <summary>Resolves, proves the credential with one call, and returns the connection (the caller owns it).</summary>
        public static async Task<AtlasConnection> ConnectAsync(ConnectRequest request, Func<string, string?> env, CancellationToken ct = default)
        {
            var resolved = Resolve(request, env);
            var options = new AtlasClientOptions();
            request.ConfigureOptions?.Invoke(options);
            options.BaseUri = resolved.BaseUri;
            options.Credential = resolved.Credential;
            var client = new AtlasClient(options);
            try
            {
                var orgs = new List<Organization>();
                try
                {
                    await foreach (var o in client.Organizations.ListAsync(new PageRequest { First = 2, ItemsPerPage = 2, Concurrent = false }, ct).ConfigureAwait(false))
                        orgs.Add(o);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException && ct.IsCancellationRequested))
                {
                    throw Explain(ex, resolved);
                }

                var connection = new AtlasConnection(client, resolved.OrganizationId, resolved.ProjectId);
                foreach (var o in orgs) connection.Known.Remember("org", o.Id, o.Name);
                if (connection.OrganizationId is null && orgs.Count == 1) connection.OrganizationId = orgs[0].Id;
                connection.OrganizationName = orgs.FirstOrDefault(o => o.Id == connection.OrganizationId)?.Name;
                return connection;
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>Turns the failure of the proving call into a message that says what to fix. Never contains a secret.</summary>
        public static Exception Explain(Exception ex, ResolvedConnection resolved)
        {
            string who = resolved.Credential.Kind switch
            {
                AtlasAuthKind.ApiKey => $"API key with public key '{resolved.Credential.Identity}'",
                AtlasAuthKind.ServiceAccount => $"service account '{resolved.Credential.Identity}'",
                _ => "access token",
            };
            string secretName = resolved.Credential.Kind switch
            {
                AtlasAuthKind.ApiKey => "private key",
                AtlasAuthKind.ServiceAccount => "client secret",
                _ => "token",
            };
            switch (ex)
            {
                case AtlasApiException a when a.StatusCode == 401:
                    return new AtlasWorkflowException("AtlasAuthenticationFailed",
                        $"Atlas at {resolved.BaseUri} did not accept the {who} (HTTP 401, from {resolved.Source}). Check the {secretName}: it must belong to that {(resolved.Credential.Kind == AtlasAuthKind.AccessToken ? "session and not have expired" : "identity and not have been deleted or rotated")}, and that -BaseUri is the Atlas you meant.", a);
                case AtlasApiException a when a.StatusCode == 403 && a.ErrorCode == "IP_ADDRESS_NOT_ON_ACCESS_LIST":
                    return new AtlasWorkflowException("AtlasAddressNotOnAccessList",
                        $"Atlas accepted the {who} but refused this machine's address: it is not on the credential's IP access list (IP_ADDRESS_NOT_ON_ACCESS_LIST). Add this machine's public address to the key's access list (in the Atlas UI, or Add-AtlasAccessListEntry from an allowed machine), then connect again.", a);
                case AtlasApiException a when a.StatusCode == 403:
                    return new AtlasWorkflowException("AtlasPermissionDenied",
                        $"Atlas accepted the {who} but refused to list its organizations (HTTP 403{(a.ErrorCode is null ? "" : " " + a.ErrorCode)}). Give the credential an organization role, or pass -OrganizationId.", a);
                case AtlasApiException a when a.StatusCode == 404:
                    return new AtlasWorkflowException("AtlasBaseUriNotAtlas",
                        $"{resolved.BaseUri} answered 404 for the Atlas Admin API path {a.Path}. Check -BaseUri (or {EnvBaseUrl}): it should be the Atlas root URL, e.g. https://cloud.mongodb.com, without /api/atlas/v2.", a);
                case HttpRequestException h:
                    return new AtlasWorkflowException("AtlasConnectionFailed",
                        $"Could not reach Atlas at {resolved.BaseUri}: {h.Message}. Check -BaseUri (or {EnvBaseUrl}), the network and proxy settings.", h);
                case TaskCanceledException t:
                    return new AtlasWorkflowException("AtlasConnectionFailed",
                        $"Atlas at {resolved.BaseUri} did not answer in time. Check -BaseUri (or {EnvBaseUrl}), the network and proxy settings.", t);
                default:
                    return ex;
            }
        }
    }
}
