using System;
using System.Collections.Generic;
using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// The principal parameters shared by the access-list cmdlets. Today: the ApiKey set (-ApiKeyId, alias Id).
    /// Cmdlets II adds the ServiceAccount set here: a `ClientId` property with
    /// [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)],
    /// and a `ServiceAccountSet` case in Principal() returning PrincipalRef.ServiceAccount(ClientId); the core
    /// (AccessListWorkflows) already switches on PrincipalRef.Type and has marked places for the service-account calls.
    /// </summary>
    public abstract class AccessListCommandBase : AtlasApiCmdlet
    {
        public const string ApiKeySet = "ApiKey";

        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>Default: the connection's organization.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
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
                    default: throw new PSNotSupportedException("Parameter set " + ParameterSetName + " is not supported.");
                }
            }
            catch (Core.AtlasValidationException ex)
            {
                WriteAtlasError(ex, ApiKeyId, "ApiKey");
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
                if (b.Principal.Type == principal.Type && b.Principal.Id == principal.Id && b.OrganizationId == org) return b;
            var nb = new Batch(principal, org);
            batches.Add(nb);
            return nb;
        }
    }
}
