using AtlasPS.Core.Secrets;

namespace AtlasPS.Core.Tests.Secrets;

/// <summary>
/// The shape of a create workflow whose only step after creation is the hand-off (ServiceAccountSecretWorkflows.NewAsync,
/// OrganizationWorkflows.CreateAsync): preflight, create, then store or run the one rollback path. The hand-off tests
/// create with raw client calls, so that each kind of credential (key, account, secret, organization) goes through it.
/// </summary>
internal static class HandoffSteps
{
    public static async Task<T> CreateAndStoreAsync<T>(this CredentialHandoff handoff, Func<CancellationToken, Task<T>> create,
        Func<T, NewCredential> describe, Action<T, HandoffResult>? onStored, CancellationToken ct)
    {
        await handoff.PreflightAsync(ct);
        var created = await create(ct);
        var result = await handoff.StoreOrRollBackAsync(describe(created), ct);
        onStored?.Invoke(created, result);
        return created;
    }
}
