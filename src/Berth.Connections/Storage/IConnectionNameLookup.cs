namespace Berth.Connections.Storage;

/// <summary>
/// Connection names by id in one query, reading no secret: what lists that name their connections (replication
/// policies, pull-secret targets) need per page, where loading whole connections would decrypt every row's secrets.
/// </summary>
public interface IConnectionNameLookup
{
    /// <summary>The name of each of <paramref name="ids"/> that still exists (removed ones are absent).</summary>
    Task<IReadOnlyDictionary<Guid, string>> ConnectionNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);
}
