namespace Berth.Connections.Copies;

/// <summary>Copy jobs in the shared database, so every replica sees them. Open with <see cref="CopyJobStoreFactory"/>.</summary>
public interface ICopyJobStore : IAsyncDisposable
{
    Task CreateAsync(CopyJobRecord job, CancellationToken cancellationToken);

    Task<CopyJobRecord?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>One page of the organization's jobs, newest first (by creation time, then id): a keyset page, as deep pages cost as much as the first.</summary>
    Task<Paging.Page<CopyJobRecord>> ListPageAsync(Guid organizationId, Paging.PageRequest page, CancellationToken cancellationToken);

    /// <summary>Queued or running jobs that read from or write to the connection.</summary>
    Task<IReadOnlyList<CopyJobRecord>> ListUnfinishedUsingAsync(Guid connectionId, CancellationToken cancellationToken);

    /// <summary>Marks the job running on <paramref name="replica"/> (keeping its first start) and counts the attempt.</summary>
    Task StartAsync(Guid id, string replica, DateTimeOffset at, CancellationToken cancellationToken);

    Task SaveProgressAsync(Guid id, CopyProgress progress, CancellationToken cancellationToken);

    Task FinishAsync(Guid id, string status, DateTimeOffset at, CopyProgress progress, string? digest, string? failure, CancellationToken cancellationToken);

    /// <summary>Cancels a queued job at once or asks the replica running it to stop; false when it already finished.</summary>
    Task<bool> RequestCancelAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);
}
