namespace Berth.Connections.Storage;

/// <summary>The append-only audit trail.</summary>
internal sealed partial class SqlConnectionStore
{
    public async Task<AuditEntry> AppendAuditAsync(Guid organizationId, string actor, string action, Guid? connectionId, string? detail, CancellationToken cancellationToken)
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
                return Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
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
                    entries.Add(new AuditEntry(
                        reader.GetInt64(0),
                        _dialect.ReadId(reader, 1),
                        _dialect.ReadTime(reader, 2),
                        reader.GetString(3),
                        reader.GetString(4),
                        _dialect.ReadNullableId(reader, 5),
                        reader.IsDBNull(6) ? null : reader.GetString(6)));
                }

                return (IReadOnlyList<AuditEntry>)entries;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
