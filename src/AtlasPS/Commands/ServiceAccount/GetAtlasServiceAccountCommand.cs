using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>
    /// Gets the organization's service accounts: all, by client id, by name (wildcards), or those in a project.
    /// No DefaultParameterSetName on purpose: PowerShell binds piped objects to the default set first, so a piped
    /// Project's OrgId once pulled it into the List set (every account of the organization, once per project). Without a
    /// default the binder takes the set whose own parameter the object fills (a Project's ProjectId: ByProject); with
    /// nothing given only List has all its mandatory parameters, so it is still chosen.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "AtlasServiceAccount", SupportsPaging = true)]
    [OutputType(typeof(ServiceAccount))]
    public sealed class GetAtlasServiceAccountCommand : AtlasApiCmdlet
    {
        public const string ListSet = "List";
        public const string ByClientIdSet = "ByClientId";
        public const string ByNameSet = "ByName";
        public const string ByProjectSet = "ByProject";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByClientIdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string[] ClientId { get; set; } = System.Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = ByNameSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Name { get; set; } = System.Array.Empty<string>();

        [Parameter(Mandatory = true, ParameterSetName = ByProjectSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(Completers.ProjectIdCompleter))]
        public string? ProjectId { get; set; }

        // Named in every set (not "all sets") so that the List set, which has no parameter of its own, is a real set.
        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByClientIdSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByNameSet, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = ByProjectSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            switch (ParameterSetName)
            {
                case ByClientIdSet:
                    foreach (var id in ClientId)
                    {
                        try { WriteObject(Run(ct => ServiceAccountWorkflows.GetAsync(connection, OrganizationId, id, ct))); }
                        catch (PipelineStoppedException) { throw; }
                        catch (System.Exception ex) { WriteAtlasError(ex, id, "ServiceAccount"); }
                    }
                    break;
                case ByNameSet:
                    try
                    {
                        var result = Run(ct => ServiceAccountWorkflows.FindByNameAsync(connection, OrganizationId, Name, ct));
                        foreach (var sa in result.Accounts) WriteObject(sa);
                        foreach (var missing in result.UnmatchedNames)
                            WriteAtlasError(ExactNameCheck.NotFoundError("ServiceAccount", "service account", "name", "Get-AtlasServiceAccount", missing), missing, "ServiceAccount");
                    }
                    catch (PipelineStoppedException) { throw; }
                    catch (System.Exception ex) { WriteAtlasError(ex, Name, "ServiceAccount"); }
                    break;
                case ByProjectSet:
                    var projectPaging = new PagingAdapter(this);
                    try { WriteAll(ServiceAccountWorkflows.ListInProjectAsync(connection, OrganizationId, ProjectId, projectPaging.Request, CancellationToken)); projectPaging.WriteTotal(this); }
                    catch (PipelineStoppedException) { throw; }
                    catch (System.Exception ex) { WriteAtlasError(ex, ProjectId, "Project"); }
                    break;
                default:
                    var paging = new PagingAdapter(this);
                    try { WriteAll(ServiceAccountWorkflows.ListAsync(connection, OrganizationId, paging.Request, CancellationToken)); paging.WriteTotal(this); }
                    catch (PipelineStoppedException) { throw; }
                    catch (System.Exception ex) { ThrowAtlasError(ex, OrganizationId, "Organization"); }
                    break;
            }
        }
    }
}
