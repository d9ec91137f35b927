using System.Data.Common;
using System.Text;

namespace Berth.Connections.Storage;

/// <summary>The append-only audit trail.</summary>
internal sealed partial class SqlConnectionStore
{
    public Task<AuditEntry> AppendAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken) =>
        AppendAsync(organizationId, actor, action, connectionId, detail, waitForDisk: true, cancellationToken);

    public Task<AuditEntry> AppendReadAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken) =>
        AppendAsync(organizationId, actor, action, connectionId, detail, waitForDisk: false, cancellationToken);

    private async Task<AuditEntry> AppendAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, bool waitForDisk, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var at = SqlDialect.Normalize(_time.GetUtcNow());
        var id = await WithConnectionAsync(
            async db =>
            {
                using var insert = Sql.Command(
                    db,
                    null,
                    "INSERT INTO audit (organization_id, at, actor, action, connection_id, detail) VALUES (@org, @at, @actor, @action, @connection, @detail) RETURNING id",
                    ("org", _dialect.Id(organizationId)),
                    ("at", _dialect.Time(at)),
                    ("actor", actor),
                    ("action", action),
                    ("connection", connectionId is { } c ? _dialect.Id(c) : null),
                    ("detail", detail));
                var scalar = waitForDisk
                    ? await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)
                    : await _dialect.WithoutDiskWaitAsync(db, () => insert.ExecuteScalarAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
                return Convert.ToInt64(scalar, System.Globalization.CultureInfo.InvariantCulture);
            },
            cancellationToken).ConfigureAwait(false);
        return new AuditEntry(id, organizationId, at, actor, action, connectionId, detail);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(Guid organizationId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return await WithConnectionAsync(
            async db =>
            {
                var entries = new List<AuditEntry>();
                using var command = Sql.Command(
                    db,
                    null,
                    "SELECT id, organization_id, at, actor, action, connection_id, detail FROM audit WHERE organization_id = @org ORDER BY id DESC LIMIT @limit",
                    ("org", _dialect.Id(organizationId)),
                    ("limit", limit));
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    entries.Add(ReadAuditEntry(reader));
                }

                return (IReadOnlyList<AuditEntry>)entries;
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<AuditPage> QueryAuditAsync(Guid organizationId, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, AuditQuery.MaxLimit);
        if (query.Before is not null && query.After is not null)
        {
            throw new ArgumentException("ask for the rows before a cursor or after one, not both", nameof(query));
        }

        return await WithConnectionAsync(
            async db =>
            {
                // One row past the page says whether the page in that direction has a neighbour.
                var newerFirst = query.After is null;
                var (sql, parameters) = AuditFilter(organizationId, query);
                if (query.Before is { } before)
                {
                    sql.Append(" AND id < @before");
                    parameters.Add(("before", before));
                }
                else if (query.After is { } after)
                {
                    sql.Append(" AND id > @after");
                    parameters.Add(("after", after));
                }

                sql.Append(newerFirst ? " ORDER BY id DESC" : " ORDER BY id ASC").Append(" LIMIT @limit");
                parameters.Add(("limit", query.Limit + 1));
                var entries = new List<AuditEntry>();
                using (var command = Sql.Command(db, null, "SELECT id, organization_id, at, actor, action, connection_id, detail FROM audit" + sql, [.. parameters]))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        entries.Add(ReadAuditEntry(reader));
                    }
                }

                var more = entries.Count > query.Limit;
                if (more)
                {
                    entries.RemoveAt(entries.Count - 1);
                }

                if (!newerFirst)
                {
                    entries.Reverse();
                }

                if (entries.Count == 0)
                {
                    return new AuditPage(entries, null, null);
                }

                // The other direction: rows beyond the cursor the caller came from, if any still match.
                var olderExists = newerFirst ? more : await AuditRowExistsAsync(db, organizationId, query, " AND id < @edge", entries[^1].Id, cancellationToken).ConfigureAwait(false);
                var newerExists = newerFirst
                    ? query.Before is not null && await AuditRowExistsAsync(db, organizationId, query, " AND id > @edge", entries[0].Id, cancellationToken).ConfigureAwait(false)
                    : more;
                return new AuditPage(entries, olderExists ? entries[^1].Id : null, newerExists ? entries[0].Id : null);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> AuditRowExistsAsync(DbConnection db, Guid organizationId, AuditQuery query, string edgeSql, long edge, CancellationToken cancellationToken)
    {
        var (sql, parameters) = AuditFilter(organizationId, query);
        parameters.Add(("edge", edge));
        using var command = Sql.Command(db, null, "SELECT 1 FROM audit" + sql.Append(edgeSql).Append(" LIMIT 1"), [.. parameters]);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not null and not DBNull;
    }

    /// <summary>The WHERE clause of a query's filters: fixed SQL fragments, every value a parameter.</summary>
    private (StringBuilder Sql, List<(string Name, object? Value)> Parameters) AuditFilter(Guid organizationId, AuditQuery query)
    {
        var sql = new StringBuilder(" WHERE organization_id = @org");
        var parameters = new List<(string Name, object? Value)> { ("org", _dialect.Id(organizationId)) };
        if (query.ConnectionId is { } connection)
        {
            sql.Append(" AND connection_id = @connection");
            parameters.Add(("connection", _dialect.Id(connection)));
        }

        if (!string.IsNullOrEmpty(query.Action))
        {
            sql.Append(" AND action = @action");
            parameters.Add(("action", query.Action));
        }

        if (!string.IsNullOrEmpty(query.Actor))
        {
            sql.Append(" AND actor = @actor");
            parameters.Add(("actor", query.Actor));
        }

        return (sql, parameters);
    }

    private AuditEntry ReadAuditEntry(DbDataReader reader) =>
        new(
            reader.GetInt64(0),
            _dialect.ReadId(reader, 1),
            _dialect.ReadTime(reader, 2),
            reader.GetString(3),
            reader.GetString(4),
            _dialect.ReadNullableId(reader, 5),
            reader.IsDBNull(6) ? null : reader.GetString(6));
}
