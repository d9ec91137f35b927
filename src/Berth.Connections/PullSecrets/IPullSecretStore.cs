namespace Berth.Connections.PullSecrets;

/// <summary>Pull-secret targets and their per-namespace status. Open with <see cref="PullSecretStoreFactory.OpenAsync"/>.</summary>
public interface IPullSecretStore : IAsyncDisposable
{
    /// <summary>Targets of one organization (every organization when null), by name.</summary>
    Task<IReadOnlyList<PullSecretTarget>> ListAsync(Guid? organizationId, CancellationToken cancellationToken);

    /// <summary>
    /// One keyset page of the organization's targets by name (case ignored) then id, with their status. A list decrypts
    /// nothing: <see cref="PullSecretTarget.Token"/> is null, <see cref="PullSecretTarget.TokenProblem"/> says so.
    /// </summary>
    Task<Paging.Page<PullSecretTarget>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken);

    /// <summary>The organization's target with this name (case ignored); null when absent.</summary>
    Task<PullSecretTarget?> GetAsync(Guid organizationId, string name, CancellationToken cancellationToken);

    /// <summary>Adds a target (id assigned when empty), its token encrypted.</summary>
    /// <exception cref="PullSecretTargetExistsException">The name is taken in the organization.</exception>
    Task<PullSecretTarget> AddAsync(PullSecretTarget target, CancellationToken cancellationToken);

    /// <summary>Saves every field of an existing target (a null token keeps the stored one).</summary>
    Task<PullSecretTarget> UpdateAsync(PullSecretTarget target, CancellationToken cancellationToken);

    Task<bool> RemoveAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>Records one apply: status per namespace, and when the target is next due.</summary>
    Task RecordAsync(Guid id, IReadOnlyList<PullSecretNamespaceStatus> status, DateTimeOffset? nextDue, CancellationToken cancellationToken);

    /// <summary>Makes the targets due at <paramref name="at"/> (a connection they carry changed).</summary>
    Task MarkDueAsync(IReadOnlyList<Guid> ids, DateTimeOffset at, CancellationToken cancellationToken);
}
