using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Gives an API key or a service account roles in projects: assigns (service accounts: invites) it where it is not yet, and adds the roles to its existing ones where it is. Output follows the input order of projects.</summary>
    [Cmdlet(VerbsSecurity.Grant, "AtlasProjectAccess", DefaultParameterSetName = NoPrincipalSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ProjectAccess))]
    public sealed class GrantAtlasProjectAccessCommand : ProjectAccessCommandBase
    {
        /// <summary>Project roles, sent as typed (documented ones complete with Tab).</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(Completers.ProjectRoleCompleter))]
        public string[] Role { get; set; } = Array.Empty<string>();

        protected override void Execute(AtlasConnection connection, PrincipalRef? principal, IReadOnlyList<string> projectIds)
        {
            if (principal is null) return;
            var approved = projectIds.Where(p => ShouldProcess("project " + p, "Grant " + string.Join(", ", Role) + " to " + principal + " (added to its current roles)")).ToList();
            if (approved.Count == 0) return;
            try { WriteChanges(Run(ct => ProjectAccessWorkflows.GrantAsync(connection, approved, principal, Role, ThrottleLimit, ct)), principal); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, principal.Id, NounOf(principal)); }
        }
    }
}
