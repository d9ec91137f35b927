namespace Berth.Connections.Replication;

/// <summary>Replication policies and their runs, beside the connections in the same database. Open with <see cref="ReplicationStoreFactory"/>.</summary>
public interface IReplicationStore : IAsyncDisposable
{
    /// <exception cref="DuplicateReplicationNameException">The organization has a policy of this name.</exception>
    Task CreatePolicyAsync(ReplicationPolicy policy, CancellationToken cancellationToken);

    Task<IReadOnlyList<ReplicationPolicy>> ListPoliciesAsync(Guid organizationId, CancellationToken cancellationToken);

    /// <summary>One keyset page of the organization's policies, by name (case ignored) then id.</summary>
    Task<Paging.Page<ReplicationPolicy>> ListPoliciesPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken);

    /// <summary>The organization's policy of this name (case ignored), or null.</summary>
    Task<ReplicationPolicy?> GetPolicyAsync(Guid organizationId, string name, CancellationToken cancellationToken);

    Task<ReplicationPolicy?> GetPolicyAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Policies that read from or write to the connection.</summary>
    Task<IReadOnlyList<ReplicationPolicy>> ListPoliciesUsingAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>Deletes the policy and its runs; false when it was not there.</summary>
    Task<bool> DeletePolicyAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Stores a new run; false (nothing stored) when the policy already has a run for the same schedule slot.</summary>
    Task<bool> CreateRunAsync(ReplicationRun run, CancellationToken cancellationToken);

    Task<ReplicationRun?> GetRunAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The scheduled run of this slot, or null.</summary>
    Task<ReplicationRun?> GetRunBySlotAsync(Guid policyId, long slot, CancellationToken cancellationToken);

    /// <summary>The policy's runs, newest first, with their per-image results.</summary>
    Task<IReadOnlyList<ReplicationRun>> ListRunsAsync(Guid policyId, int limit, CancellationToken cancellationToken);

    /// <summary>One keyset page of the policy's runs, newest first (creation time, then id), with their per-image results.</summary>
    Task<Paging.Page<ReplicationRun>> ListRunsPageAsync(Guid policyId, Paging.PageRequest page, CancellationToken cancellationToken);

    /// <summary>Marks the run running on <paramref name="replica"/> (keeping its first start time) and counts the attempt.</summary>
    Task StartRunAsync(Guid id, string replica, DateTimeOffset at, CancellationToken cancellationToken);

    Task UpdateRunCountsAsync(Guid id, int copied, int unchanged, int failed, CancellationToken cancellationToken);

    /// <summary>Records the outcome and the per-image results (replacing any of an earlier attempt).</summary>
    Task FinishRunAsync(Guid id, string status, DateTimeOffset at, IReadOnlyList<ReplicationImage> images, string? failure, CancellationToken cancellationToken);

    /// <summary>
    /// Asks the replica running the run to stop it; a run still queued is cancelled at once. False when the run is
    /// already finished.
    /// </summary>
    Task<bool> RequestCancelAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}
