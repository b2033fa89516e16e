using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using AtlasPS.Core.Http;
using AtlasPS.Core.Resources;

namespace AtlasPS.Core.Workflows
{
    /// <summary>
    /// What differs between the two kinds of programmatic principal (API keys and service accounts) when their access
    /// lists and project access are managed: which operations are called, how many entries one access-list POST takes,
    /// how roles in projects are read and changed. Workflows call it instead of switching on the principal type;
    /// <see cref="PrincipalRef"/> hands out the implementation for its kind.
    /// </summary>
    public interface IPrincipalAccess
    {
        PrincipalType Type { get; }
        /// <summary>The API key id, or the service account's client id.</summary>
        string Id { get; }
        /// <summary>Entries per access-list POST.</summary>
        int AccessListEntriesPerRequest { get; }

        IAsyncEnumerable<AccessListEntry> ListAccessListAsync(AtlasConnection connection, string orgId, PageRequest? paging, CancellationToken ct);
        /// <summary>One access-list POST of at most <see cref="AccessListEntriesPerRequest"/> validated entries; Atlas's answer.</summary>
        Task<IReadOnlyList<AccessListEntry>> PostAccessListAsync(AtlasClient client, string orgId, IReadOnlyList<AccessListSpec> chunk, CancellationToken ct);
        /// <summary>Adds validated entries (in chunks) and returns the entries asked for as Atlas stores them.</summary>
        Task<IReadOnlyList<AccessListEntry>> AddAccessListAsync(AtlasConnection connection, string orgId, IReadOnlyList<AccessListSpec> specs, CancellationToken ct);
        Task RemoveAccessListEntryAsync(AtlasConnection connection, string orgId, string entry, CancellationToken ct);

        /// <summary>This principal's access to the project (reading the project's principals of this kind), or null when it has none.</summary>
        Task<ProjectAccess?> FindInProjectAsync(AtlasConnection connection, string projectId, CancellationToken ct);
        /// <summary>Gives a principal that is not in the project yet the roles there (API keys: assign; service accounts: invite).</summary>
        Task AssignToProjectAsync(AtlasClient client, string orgId, string projectId, IReadOnlyList<string> roles, CancellationToken ct);
        /// <summary>Grant-AtlasProjectAccess: assign, or add the roles to the current ones. Validated input; results in input order.</summary>
        Task<IReadOnlyList<ProjectAccessChange>> GrantAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct);
        /// <summary>Set-AtlasProjectAccess: replace the roles.</summary>
        Task<IReadOnlyList<ProjectAccessChange>> SetAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct);
        /// <summary>Revoke-AtlasProjectAccess: remove the roles; no roles (or none left) removes the principal from the project.</summary>
        Task<IReadOnlyList<ProjectAccessChange>> RevokeAsync(AtlasConnection connection, IReadOnlyList<string> projectIds, IReadOnlyList<string> roles, int throttleLimit, CancellationToken ct);
    }
}
