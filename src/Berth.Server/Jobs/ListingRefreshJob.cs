using Berth.Connections.Jobs;
using Berth.Connections.UseCases;
using Berth.Server.Background;
using Berth.Server.Hosting;

namespace Berth.Server.Jobs;

/// <summary>
/// Refreshes stale listing-cache entries: a connection's repository list, and the tag lists of repositories someone
/// browsed (they have a cache row), a bounded number per connection and slot. Repositories whose tag list gained a tag
/// are reported to <see cref="IListingChangeObserver"/>s (replication policies triggered on change).
/// </summary>
internal sealed partial class ListingRefreshJob(
    ServerStores stores,
    ConnectionUseCases connections,
    IEnumerable<IListingChangeObserver> observers,
    JobRunLog log,
    TimeProvider time,
    ILogger<ListingRefreshJob> logger) : PeriodicJob(log, time, logger)
{
    public const string Name = "listings";
    private const int MaxTagRefreshesPerConnection = 50;

    protected override async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var connection in await ConnectionSweep.AllAsync(stores, cancellationToken).ConfigureAwait(false))
        {
            var interval = connections.CacheIntervalOf(connection);
            var now = Time.GetUtcNow();
            try
            {
                var repositories = await stores.Jobs.GetListingAsync(connection.Id, IJobStore.RepositoriesScope, cancellationToken).ConfigureAwait(false);
                if (repositories is null || now - repositories.Refreshed >= interval)
                {
                    repositories = await connections.ListRepositoriesAsync(connection, cached: false, cancellationToken).ConfigureAwait(false);
                    count++;
                }

                var refreshed = 0;
                foreach (var repository in repositories.Items)
                {
                    if (refreshed >= MaxTagRefreshesPerConnection)
                    {
                        break;
                    }

                    var tags = await stores.Jobs.GetListingAsync(connection.Id, repository, cancellationToken).ConfigureAwait(false);
                    if (tags is not null && now - tags.Refreshed >= interval)
                    {
                        var fresh = await connections.ListTagsAsync(connection, repository, cached: false, cancellationToken).ConfigureAwait(false);
                        refreshed++;
                        count++;
                        var added = fresh.Items.Except(tags.Items, StringComparer.Ordinal).ToList();
                        if (added.Count > 0)
                        {
                            foreach (var observer in observers)
                            {
                                await observer.TagsChangedAsync(connection, repository, added, cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectionFailed(Logger, connection.Name, e.Message);
            }
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "listing refresh: connection {Connection}: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string connection, string reason);
}
