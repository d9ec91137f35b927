namespace Berth.Connections.UseCases;

/// <summary>
/// One kind of saved thing that names a connection (API tokens, copy jobs, and whatever later features add).
/// Removal asks every source; the caller then refuses or detaches them.
/// </summary>
public interface IConnectionDependents
{
    Task<IReadOnlyList<ConnectionDependent>> FindAsync(Connection connection, CancellationToken cancellationToken);

    /// <summary>Makes the dependents stop naming the connection (it is about to be removed).</summary>
    Task DetachAsync(Connection connection, CancellationToken cancellationToken);

    /// <summary>Keeps the dependents pointing at a renamed connection.</summary>
    Task RenamedAsync(Connection connection, string oldName, CancellationToken cancellationToken);
}
