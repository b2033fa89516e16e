using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Lists who has access to projects (API keys and service accounts with their project roles), optionally only one
    /// API key; with -ApiKeyId or -ClientId and no -ProjectId, every project that key or account is in.
    /// Projects are read a few at once; output follows the input order of projects.
    /// No DefaultParameterSetName on purpose: PowerShell binds piped objects to the default set first, and the All set's
    /// -ProjectId took a piped service account's (null) ProjectId, so the account's own projects were never listed.
    /// Without a default the set follows the object's kind: a Project fills only -ProjectId (All is the one set whose
    /// mandatory parameters are met), an ApiKey fills -ApiKeyId, a ServiceAccount -ClientId.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasProjectAccess")]
    [OutputType(typeof(ProjectAccess))]
    public sealed class GetAtlasProjectAccessCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ApiKeySet = "ApiKey";
        public const string ServiceAccountSet = "ServiceAccount";

        /// <summary>Default: the connection's project.</summary>
        [Parameter(Position = 0, ParameterSetName = AllSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        /// <summary>Only this API key's access (every project it is in when no -ProjectId is given).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>The projects this service account is in (all of them, or those given with -ProjectId).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        /// <summary>
        /// The organization of the API key or service account. Default: the connection's organization. Not bound from piped
        /// objects: a piped Project's OrgId would pull the binder away from the All set and then ask for a principal.
        /// </summary>
        [Parameter(ParameterSetName = ApiKeySet)]
        [Parameter(ParameterSetName = ServiceAccountSet)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        [Parameter(ParameterSetName = AllSet)]
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        private readonly List<(PrincipalRef? Principal, string ProjectId)> items = new List<(PrincipalRef?, string)>();

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (ParameterSetName == ServiceAccountSet) { WriteServiceAccountProjects(connection); return; }
            PrincipalRef? principal = null;
            if (ParameterSetName == ApiKeySet)
            {
                try { principal = PrincipalRef.ApiKey(ApiKeyId); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, ApiKeyId, "ApiKey"); return; }
                if (ProjectId is null || ProjectId.Length == 0) { WriteApiKeyProjects(connection, principal); return; }
            }
            if (ProjectId is null || ProjectId.Length == 0)
            {
                try { items.Add((principal, connection.RequireProjectId(null))); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, null, "Project"); }
                return;
            }
            foreach (var p in ProjectId)
            {
                try { items.Add((principal, Core.Validation.AtlasInput.ProjectId(p))); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, p, "Project"); }
            }
        }

        /// <summary>Every project the API key is in, with its roles there (read from the key itself: one request).</summary>
        private void WriteApiKeyProjects(AtlasConnection connection, PrincipalRef principal)
        {
            try { foreach (var a in Run(ct => ProjectAccessWorkflows.ListForApiKeyAsync(connection, OrganizationId, principal.Id, ct))) WriteObject(a); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, principal.Id, "ApiKey"); }
        }

        /// <summary>Every project the account is in (getOrgServiceAccountGroups), filtered to -ProjectId when given.</summary>
        private void WriteServiceAccountProjects(AtlasConnection connection)
        {
            var only = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in ProjectId ?? Array.Empty<string>())
            {
                try { only.Add(Core.Validation.AtlasInput.ProjectId(p)); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, p, "Project"); return; }
            }
            try { WriteAll(Only(ServiceAccountProjectAccessWorkflows.ListAsync(connection, OrganizationId, ClientId, null, CancellationToken), only)); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { WriteAtlasError(ex, ClientId, "ServiceAccount"); }
        }

        private static async IAsyncEnumerable<ProjectAccess> Only(IAsyncEnumerable<ProjectAccess> source, HashSet<string> projects)
        {
            await foreach (var a in source.ConfigureAwait(false))
                if (projects.Count == 0 || projects.Contains(a.ProjectId)) yield return a;
        }

        protected override void EndProcessing()
        {
            if (items.Count == 0) return;
            var connection = ActiveConnection;
            // One fan-out per principal (or none), in the order they first appeared; projects keep their input order.
            foreach (var group in items.GroupBy(i => i.Principal?.Key ?? ""))
            {
                var principal = group.First().Principal;
                var ids = group.Select(g => g.ProjectId).Distinct(StringComparer.Ordinal).ToList();
                try
                {
                    var results = Run(ct => ProjectAccessWorkflows.GetManyAsync(connection, ids, principal, ThrottleLimit, ct));
                    foreach (var r in results)
                    {
                        if (!r.Succeeded) { WriteAtlasError(r.Error!, r.Input, "Project"); continue; }
                        foreach (var a in r.Value!) WriteObject(a);
                    }
                }
                catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, null, "Project"); }
            }
        }
    }
}
