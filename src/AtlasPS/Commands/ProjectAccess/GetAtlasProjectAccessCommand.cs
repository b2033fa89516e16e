using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Lists who has access to projects (API keys with their project roles), optionally only one key.
    /// Projects are read a few at once; output follows the input order of projects.
    /// Cmdlets II adds a ServiceAccount set (-ClientId): add a [Parameter(ParameterSetName = "ServiceAccount", ...)] to
    /// ProjectId and ThrottleLimit as well, and a case in Principal().
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasProjectAccess", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(ProjectAccess))]
    public sealed class GetAtlasProjectAccessCommand : AtlasApiCmdlet
    {
        public const string AllSet = "All";
        public const string ApiKeySet = "ApiKey";

        /// <summary>Default: the connection's project.</summary>
        [Parameter(Position = 0, ParameterSetName = AllSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Position = 0, ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        /// <summary>Only this API key's access.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ApiKeySet)]
        [ArgumentCompleter(typeof(Completers.ApiKeyIdCompleter))]
        public string ApiKeyId { get; set; } = "";

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
