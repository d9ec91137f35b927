namespace Berth.Connections.Providers;

/// <summary>Lists the repositories a connection covers.</summary>
public interface IRepositoryLister
{
    /// <exception cref="RepositoryListingNotSupportedException">The registry cannot list and no list is configured.</exception>
    IAsyncEnumerable<string> ListAsync(Connection connection, CancellationToken cancellationToken);
}
