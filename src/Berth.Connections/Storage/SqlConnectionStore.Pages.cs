using Berth.Connections.Paging;

namespace Berth.Connections.Storage;

internal sealed partial class SqlConnectionStore
{
    /// <summary>
    /// One query whatever the page size: the rows, each with its secrets' names (never their envelopes: nothing is
    /// decrypted, so a list costs the same whatever the connections hold).
    /// </summary>
    public async Task<long?> GetConnectionsVersionAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        if (_versions.TryGet(organizationId, out var known))
        {
            return known;
        }

        var forgets = _versions.Forgets;
        var version = await WithConnectionAsync(
            async db =>
            {
                // Kept by triggers (migration 0013), so writes by other processes and replicas move it too.
                using var command = Sql.Command(db, null, "SELECT connections_version FROM organizations WHERE id = @org", ("org", _dialect.Id(organizationId)));
                return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
                    ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
                    : (long?)null;
            },
            cancellationToken).ConfigureAwait(false);
        if (version is { } found)
        {
            _versions.Remember(organizationId, found, forgets);
        }

        return version;
    }

    /// <summary>True while changes by other processes are followed (PostgreSQL), so versions are answered from memory.</summary>
    internal bool IsFollowingChanges => _versions.IsListening;

    public Task ListenForChangesAsync(Action<Exception>? onFailure, CancellationToken cancellationToken) =>
        _dialect.Backend == StoreBackend.Postgres ? _versions.ListenAsync(_dialect, onFailure, _time, cancellationToken) : Task.CompletedTask;

    public async Task<Page<ConnectionSummary>> ListConnectionSummariesAsync(Guid organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause("name_key", "id", page, c => _dialect.Id(Guid.ParseExact(c.Id, "D")));
        // Secret names are field names (letters only), so a comma-joined list reads back unambiguously.
        var secretNames = $"(SELECT {_dialect.CommaList("s.name")} FROM connection_secrets s WHERE s.connection_id = connections.id)";
        return await WithConnectionAsync(
            async db =>
            {
                var rows = new List<ConnectionSummary>();
                using var command = Sql.Command(
                    db,
                    null,
                    $"SELECT {ConnectionColumns}, {secretNames} FROM connections WHERE organization_id = @org{where}{order}",
                    [("org", _dialect.Id(organizationId)), .. keyset]);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                var names = reader.FieldCount - 1;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var secrets = reader.IsDBNull(names) ? [] : reader.GetString(names).Split(',').Order(StringComparer.Ordinal).ToList();
                    rows.Add(new ConnectionSummary(ReadConnection(reader), secrets));
                }

                return Page.FromRows(rows, page, PageLists.Registries, s => s.PageKey);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
