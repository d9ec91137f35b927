using Berth.Connections;
using Berth.Connections.UseCases;

namespace Berth.Server.Jobs;

/// <summary>New tags seen by the listing refresh queue runs of the on-change policies reading from that connection.</summary>
internal sealed class ReplicationChangeObserver(ReplicationUseCases replications) : IListingChangeObserver
{
    public Task TagsChangedAsync(Connection connection, string repository, IReadOnlyList<string> addedTags, CancellationToken cancellationToken) =>
        replications.TagsChangedAsync(connection, repository, cancellationToken);
}
