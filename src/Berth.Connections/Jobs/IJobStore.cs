namespace Berth.Connections.Jobs;

/// <summary>
/// The per-connection listing cache that browsing is served from and the background refresh keeps fresh (which
/// replica runs that refresh is the job engine's business). Open with <see cref="JobStoreFactory"/>.
/// </summary>
public interface IJobStore : IAsyncDisposable
{
    /// <summary>Scope of the repository list in the listing cache; any other scope is a repository's tag list.</summary>
    public const string RepositoriesScope = "";

    Task<CachedListing?> GetListingAsync(Guid connectionId, string scope, CancellationToken cancellationToken);

    Task SaveListingAsync(Guid connectionId, string scope, IReadOnlyList<string> items, CancellationToken cancellationToken);

    /// <summary>Drops every cached listing of a connection (after its URL or credentials changed, or it was removed).</summary>
    Task ClearListingsAsync(Guid connectionId, CancellationToken cancellationToken);
}
