using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Shared by Grant-/Set-/Revoke-AtlasProjectAccess: the principal (<see cref="PrincipalCommandBase"/>), -ProjectId from
    /// the pipeline by property name (Project objects have ProjectId), and -ThrottleLimit for the fan-out. Input is
    /// gathered in ProcessRecord and sent in EndProcessing; results are written in input order.
    /// </summary>
    public abstract class ProjectAccessCommandBase : PrincipalCommandBase
    {
        /// <summary>Default: the connection's project.</summary>
        [Parameter(ParameterSetName = ApiKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ServiceAccountSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = NoPrincipalSet)]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string[]? ProjectId { get; set; }

        [Parameter]
        [ValidateRange(1, 32)]
        public int ThrottleLimit { get; set; } = FanOut.DefaultThrottleLimit;

        private readonly List<(PrincipalRef? Principal, string ProjectId)> items = new List<(PrincipalRef?, string)>();

        protected PrincipalRef? PrincipalOf()
        {
            switch (ParameterSetName)
            {
                case ApiKeySet: return PrincipalRef.ApiKey(ApiKeyId);
                case ServiceAccountSet: return PrincipalRef.ServiceAccount(ClientId, OrganizationId);
                default: return null;
            }
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == NoPrincipalSet)
                ThrowAtlasError(Core.Validation.AtlasInput.PrincipalMissing(MyInvocation.MyCommand.Name), null, "ApiKey");
            var connection = ActiveConnection;
            PrincipalRef? principal;
            try { principal = PrincipalOf(); }
            catch (AtlasValidationException ex)
            {
                if (ParameterSetName == ServiceAccountSet) WriteAtlasError(ex, ex.ParamName == "OrganizationId" ? OrganizationId : ClientId, "ServiceAccount");
                else WriteAtlasError(ex, ApiKeyId, "ApiKey");
                return;
            }
            var projects = ProjectId is { Length: > 0 } ? ProjectId : null;
            if (projects is null)
            {
                try { projects = new[] { connection.RequireProjectId(null) }; }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, null, "Project"); return; }
            }
            foreach (var p in projects)
            {
                try { items.Add((principal, Core.Validation.AtlasInput.ProjectId(p))); }
                catch (AtlasValidationException ex) { WriteAtlasError(ex, p, "Project"); }
            }
        }

        protected override void EndProcessing()
        {
            if (items.Count == 0) return;
            var connection = ActiveConnection;
            // One fan-out per principal, in the order principals first appeared; projects keep their input order.
            foreach (var group in items.GroupBy(i => i.Principal?.Key ?? ""))
            {
                var principal = group.First().Principal;
                var projects = group.Select(g => g.ProjectId).Distinct(StringComparer.Ordinal).ToList();
                Execute(connection, principal, projects);
            }
        }

        protected abstract void Execute(AtlasConnection connection, PrincipalRef? principal, IReadOnlyList<string> projectIds);

        protected string NounOf(PrincipalRef? p) => p?.Type == PrincipalType.ServiceAccount ? "ServiceAccount" : "ProjectAccess";

        /// <summary>Writes each change in input order; failures are non-terminating errors of their project only.</summary>
        protected void WriteChanges(IReadOnlyList<ProjectAccessChange> changes, PrincipalRef? principal)
        {
            foreach (var c in changes)
            {
                if (!c.Succeeded) WriteAtlasError(c.Error!, c.ProjectId, NounOf(principal));
                else if (c.Removed) WriteVerbose($"{principal} was removed from project {c.ProjectId}.");
                else if (c.Access != null) WriteObject(c.Access);
            }
        }
    }
}
