using System.Management.Automation;
using AtlasPS.Core.Workflows;

namespace AtlasPS.Commands
{
    /// <summary>Changes a service account's name, description or organization roles (roles replace the old set).</summary>
    [Cmdlet(VerbsCommon.Set, "AtlasServiceAccount", SupportsShouldProcess = true, DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(ServiceAccount))]
    public sealed class SetAtlasServiceAccountCommand : AtlasApiCmdlet
    {
        public const string DefaultSet = "Default";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(Completers.ClientIdCompleter))]
        public string ClientId { get; set; } = "";

        [Parameter(ParameterSetName = DefaultSet)]
        public string? Name { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        public string? Description { get; set; }

        [Parameter(ParameterSetName = DefaultSet)]
        [ArgumentCompleter(typeof(Completers.OrganizationRoleCompleter))]
        public string[]? Role { get; set; }

        [Parameter(ParameterSetName = DefaultSet, ValueFromPipelineByPropertyName = true)]
        [Alias("OrgId")]
        [ArgumentCompleter(typeof(Completers.OrganizationIdCompleter))]
        public string? OrganizationId { get; set; }

        protected override void ProcessRecord()
        {
            var connection = ActiveConnection;
            try
            {
                if (!ShouldProcess("service account " + ClientId, ServiceAccountWorkflows.DescribeUpdate(Name, Description, Role))) return;
                WriteObject(Run(ct => ServiceAccountWorkflows.UpdateAsync(connection, OrganizationId, ClientId, Name, Description, Role, ct)));
            }
            catch (PipelineStoppedException) { throw; }
            catch (System.Exception ex) { WriteAtlasError(ex, ClientId, "ServiceAccount"); }
        }
    }
}
