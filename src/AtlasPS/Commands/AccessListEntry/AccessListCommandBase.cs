using System;
using System.Collections.Generic;
using System.Management.Automation;
using AtlasPS.Core.Validation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Shared by the access-list cmdlets: the principal (<see cref="PrincipalCommandBase"/>), resolved per pipeline item,
    /// and the input gathered per principal and organization.
    /// </summary>
    public abstract class AccessListCommandBase : PrincipalCommandBase
    {
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
