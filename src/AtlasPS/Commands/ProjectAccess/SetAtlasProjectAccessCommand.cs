using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using AtlasPS.Core;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Replaces an API key's or a service account's roles in projects it is assigned to. Output follows the input order of projects.</summary>
    [Cmdlet(VerbsCommon.Set, "AtlasProjectAccess", DefaultParameterSetName = NoPrincipalSet, SupportsShouldProcess = true)]
    [OutputType(typeof(ProjectAccess))]
    public sealed class SetAtlasProjectAccessCommand : ProjectAccessCommandBase
    {
        /// <summary>Project roles, sent as typed (documented ones complete with Tab).</summary>
        [Parameter(Mandatory = true)]
        [ArgumentCompleter(typeof(Completers.ProjectRoleCompleter))]
        public string[] Role { get; set; } = Array.Empty<string>();

        protected override void Execute(AtlasConnection connection, PrincipalRef? principal, IReadOnlyList<string> projectIds)
        {
            if (principal is null) return;
            var approved = projectIds.Where(p => ShouldProcess("project " + p, "Set the roles of " + principal + " to " + string.Join(", ", Role) + " (replacing its current roles)")).ToList();
            if (approved.Count == 0) return;
            try { WriteChanges(Run(ct => ProjectAccessWorkflows.SetAsync(connection, approved, principal, Role, ThrottleLimit, ct)), principal); }
            catch (Exception ex) when (!(ex is PipelineStoppedException)) { ThrowAtlasError(ex, principal.Id, NounOf(principal)); }
        }
    }
}
