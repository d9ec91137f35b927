namespace Berth.Connections.Jobs;

/// <summary>
/// What the server's background work shares through the database: job leases, so that several replicas run each
/// job once, and the per-connection listing cache that browsing is served from. Open with <see cref="JobStoreFactory"/>.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Scope of the repository list in the listing cache; any other scope is a repository's tag list.</summary>
    public const string RepositoriesScope = "";

    /// <summary>
    /// Takes or renews the lease on <paramref name="job"/> for <paramref name="duration"/>: true when
    /// <paramref name="holder"/> holds it afterwards (it was free, expired, or already this holder's).
    /// </summary>
    Task<bool> TryAcquireLeaseAsync(string job, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives up a lease this holder has, so another replica may take it at once.</summary>
    Task ReleaseLeaseAsync(string job, string holder, CancellationToken cancellationToken);

    /// <summary>Deletes leases that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> DeleteExpiredLeasesAsync(DateTimeOffset before, CancellationToken cancellationToken);

    Task<CachedListing?> GetListingAsync(Guid connectionId, string scope, CancellationToken cancellationToken);

    Task SaveListingAsync(Guid connectionId, string scope, IReadOnlyList<string> items, CancellationToken cancellationToken);

    /// <summary>Drops every cached listing of a connection (after its URL or credentials changed, or it was removed).</summary>
    Task ClearListingsAsync(Guid connectionId, CancellationToken cancellationToken);
}
