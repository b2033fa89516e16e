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
    /// API key; or, with -ClientId, every project a service account is in (optionally only some of them).
    /// Projects are read a few at once; output follows the input order of projects.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasProjectAccess", DefaultParameterSetName = AllSet)]
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

        /// <summary>Only this API key's access.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

        /// <summary>The projects this service account is in (all of them, or those given with -ProjectId).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        /// <summary>
        /// The service account's organization. Default: the connection's organization. Not bound from piped objects:
        /// only this set has it, so a piped Project's OrgId would pull the binder into this set and then ask for a ClientId.
        /// </summary>
        [Parameter(ParameterSetName = ServiceAccountSet)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        [Parameter(ParameterSetName = AllSet)]
        [Parameter(ParameterSetName = ApiKeySet)]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        private readonly List<string> projects = new List<string>();
        private PrincipalRef? principal;

        protected override void BeginProcessing()
        {
            if (ParameterSetName != ApiKeySet) return;
            try { principal = PrincipalRef.ApiKey(ApiKeyId); }
            catch (AtlasValidationException ex) { ThrowAtlasError(ex, ApiKeyId, "ApiKey"); }
        }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            if (ParameterSetName == ServiceAccountSet) { WriteServiceAccountProjects(connection); return; }
            if (ProjectId is null || ProjectId.Length == 0)
            {
                try { projects.Add(connection.RequireProjectId(null)); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, null, "Project"); }
                return;
            }
            foreach (var p in ProjectId)
            {
                try { projects.Add(Core.Validation.AtlasInput.ProjectId(p)); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, p, "Project"); }
            }
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
            if (projects.Count == 0) return;
            var connection = ActiveConnection;
            var ids = projects.Distinct(StringComparer.Ordinal).ToList();
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
