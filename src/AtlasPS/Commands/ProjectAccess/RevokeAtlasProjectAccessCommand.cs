using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Takes project roles away from an API key or a service account; without -Role (or when no role would be left) it is
    /// removed from the project only: it stays in the organization and its credentials keep working
    /// (Remove-AtlasApiKey / Remove-AtlasServiceAccount delete it). Principals that keep roles are written out, in the
    /// input order of projects.
    /// </summary>
    [Cmdlet(VerbsSecurity.Revoke, "AtlasProjectAccess", DefaultParameterSetName = NoPrincipalSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ProjectAccess))]
    public sealed class RevokeAtlasProjectAccessCommand : ProjectAccessCommandBase
    {
        /// <summary>Roles to take away; omit to remove the principal from the project (it stays in the organization).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(Completers.ProjectRoleCompleter))]
        public string[]? Role { get; set; }

        protected override void Execute(AtlasConnection connection, PrincipalRef? principal, IReadOnlyList<string> projectIds)
        {
            if (principal is null) return;
            string action = Role is { Length: > 0 }
                ? "Revoke " + string.Join(", ", Role) + " from " + principal + " (removing it from the project if no role is left)"
                : "Remove " + principal + " from the project (it stays in the organization)";
            var approved = projectIds.Where(p => ShouldProcess("project " + p, action)).ToList();
            if (approved.Count == 0) return;
            try { WriteChanges(Run(ct => ProjectAccessWorkflows.RevokeAsync(connection, approved, principal, Role, ThrottleLimit, ct)), principal); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, principal.Id, NounOf(principal)); }
        }
    }
}
