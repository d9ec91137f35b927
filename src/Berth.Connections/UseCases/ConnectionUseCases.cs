using Berth.Connections.Jobs;
using Berth.Connections.Providers;
using Berth.Connections.Storage;

namespace Berth.Connections.UseCases;

/// <summary>
/// The connection use cases every front end calls — CLI commands, API endpoints, dashboard pages, the credential
/// helper and background jobs only parse input and format the result. Validation and its messages, audit
/// wording, the clock and result shapes live here once, so all front ends agree. Lookups are always within the
/// actor's organization; a ci token's actor sees only the connections it names.
/// </summary>
public sealed partial class ConnectionUseCases(
    IConnectionStore store,
    RegistryClientFactory clients,
    TimeProvider? time = null,
    IReadOnlyList<IConnectionDependents>? dependents = null,
    IJobStore? listings = null,
    ConnectionPolicy? policy = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly IReadOnlyList<IConnectionDependents> _dependents = dependents ?? [];
    private readonly ConnectionPolicy _policy = policy ?? ConnectionPolicy.Default;

    public IConnectionStore Store => store;

    public RegistryClientFactory Clients => clients;

    public ConnectionPolicy Policy => _policy;

    /// <summary>The connections the actor may use, ordered by name.</summary>
    public async Task<IReadOnlyList<Connection>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var all = await store.ListConnectionsAsync(actor.OrganizationId, cancellationToken).ConfigureAwait(false);
        return actor.OnlyConnections is null ? all : all.Where(c => actor.MayUse(c.Name)).ToList();
    }

    /// <summary>
    /// One page of the connections the actor may use, by name, as summaries: secrets are named, never read (a list
    /// costs the same whatever the connections hold). A ci actor's page holds only its connections.
    /// </summary>
    public async Task<Paging.Page<ConnectionSummary>> ListPageAsync(Actor actor, Paging.PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var found = await store.ListConnectionSummariesAsync(actor.OrganizationId, page, cancellationToken).ConfigureAwait(false);
        return actor.OnlyConnections is null ? found : found with { Items = found.Items.Where(s => actor.MayUse(s.Connection.Name)).ToList() };
    }

    /// <summary>
    /// Changes whenever a page from <see cref="ListPageAsync"/> could change for this actor's organization (any process
    /// or replica writing); null when the store cannot tell. A front end may keep what it built from a page for as
    /// long as this number stays the same.
    /// </summary>
    public Task<long?> ListVersionAsync(Actor actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return store.GetConnectionsVersionAsync(actor.OrganizationId, cancellationToken);
    }

    /// <summary>The actor's connection with this name (case ignored); null when absent or not the actor's to use.</summary>
    public async Task<Connection?> FindAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(name) || !actor.MayUse(name.Trim()))
        {
            return null;
        }

        return await store.GetConnectionAsync(actor.OrganizationId, name.Trim(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The actor's connection with this name.</summary>
    /// <exception cref="UnknownConnectionException">No such connection (the message lists the ones there are).</exception>
    public async Task<Connection> GetAsync(Actor actor, string name, CancellationToken cancellationToken)
    {
        if (await FindAsync(actor, name, cancellationToken).ConfigureAwait(false) is { } found)
        {
            return found;
        }

        var names = (await ListAsync(actor, cancellationToken).ConfigureAwait(false)).Select(c => c.Name).ToList();
        throw new UnknownConnectionException(name, names);
    }

    /// <summary>Everything saved that names the connection: API tokens, copy jobs, and what later features add.</summary>
    public async Task<IReadOnlyList<ConnectionDependent>> DependentsAsync(Connection connection, CancellationToken cancellationToken)
    {
        var found = new List<ConnectionDependent>();
        foreach (var source in _dependents)
        {
            found.AddRange(await source.FindAsync(connection, cancellationToken).ConfigureAwait(false));
        }

        return found;
    }

    private Task<Storage.AuditEntry> AuditAsync(Actor actor, string action, Connection connection, string detail, CancellationToken cancellationToken) =>
        store.AppendAuditAsync(actor.OrganizationId, actor.Name, action, connection.Id, AuditDetail(connection, detail), cancellationToken);

    private static string AuditDetail(Connection connection, string detail) => $"{connection.Name}: {detail}";
}
