using System;
using System.Collections.Generic;
using System.Management.Automation;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// The principal parameters shared by the access-list cmdlets: the ApiKey set (-ApiKeyId) and the ServiceAccount set
    /// (-ClientId), both bound by property name. ApiKey objects carry ApiKeyId (and Id), ServiceAccount and
    /// ServiceAccountSecret objects carry ClientId; AccessListEntry objects carry both, one of them null.
    /// -ApiKeyId has no "Id" alias: a piped ServiceAccountSecret's Id (the secret id) would otherwise bind it into the
    /// ApiKey set. [ValidateNotNullOrEmpty] on both ids makes a null property fail its set, so the binder picks the other.
    /// The default set, NoPrincipal, is where PowerShell lands when no principal is given at all: the cmdlet then stops
    /// with a message naming -ApiKeyId, -ClientId and the pipeline (not "Parameter set cannot be resolved"). It must take
    /// NOTHING from the pipeline: PowerShell binds piped objects to the default set first, and a default set that took a
    /// property (OrgId, an entry) would swallow every piped key or entry. Parameters that bind by property name therefore
    /// name the ApiKey and ServiceAccount sets explicitly and join NoPrincipal without pipeline input.
    /// </summary>
    public abstract class AccessListCommandBase : AtlasApiCmdlet
    {
        public const string ApiKeySet = "ApiKey";
        public const string ServiceAccountSet = "ServiceAccount";
        public const string NoPrincipalSet = "NoPrincipal";

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

        /// <summary>The principal of the current pipeline item; null (after writing the error) when its id is invalid.</summary>
        protected PrincipalRef? Principal()
        {
            try
            {
                switch (ParameterSetName)
                {
                    case ApiKeySet: return PrincipalRef.ApiKey(ApiKeyId);
                    case ServiceAccountSet: return PrincipalRef.ServiceAccount(ClientId);
                    case NoPrincipalSet: ThrowAtlasError(AtlasInput.PrincipalMissing(MyInvocation.MyCommand.Name), null, "ApiKey"); return null;
                    default: throw new PSNotSupportedException("Parameter set " + ParameterSetName + " is not supported.");
                }
            }
            catch (Core.AtlasValidationException ex)
            {
                bool sa = ParameterSetName == ServiceAccountSet;
                WriteAtlasError(ex, sa ? ClientId : ApiKeyId, sa ? "ServiceAccount" : "ApiKey");
                return null;
            }
        }

        protected string Noun(PrincipalRef p) => p.Type == PrincipalType.ApiKey ? "ApiKey" : "ServiceAccount";

        /// <summary>Pipeline input gathered per principal (and organization), in arrival order.</summary>
        protected sealed class Batch
        {
            public Batch(PrincipalRef principal, string? org) { Principal = principal; OrganizationId = org; }
            public PrincipalRef Principal { get; }
            public string? OrganizationId { get; }
            public List<string> Entries { get; } = new List<string>();
            public bool Invalid { get; set; }
        }

        private readonly List<Batch> batches = new List<Batch>();

        protected IReadOnlyList<Batch> Batches => batches;

        protected Batch BatchFor(PrincipalRef principal, string? org)
        {
            foreach (var b in batches)
                if (b.Principal.Key == principal.Key && b.OrganizationId == org) return b;
            var nb = new Batch(principal, org);
            batches.Add(nb);
            return nb;
        }
    }
}
