using Berth.Connections;

namespace Berth.Server.Jobs;

/// <summary>Told by the listing refresh when a repository's tag list gained tags.</summary>
internal interface IListingChangeObserver
{
    Task TagsChangedAsync(Connection connection, string repository, IReadOnlyList<string> addedTags, CancellationToken cancellationToken);
}
