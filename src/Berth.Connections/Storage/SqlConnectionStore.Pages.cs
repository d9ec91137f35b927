using Berth.Connections.Paging;

namespace Berth.Connections.Storage;

internal sealed partial class SqlConnectionStore
{
    /// <summary>Two queries whatever the page size: the rows, then their secrets' names (never the envelopes).</summary>
    public async Task<Page<ConnectionSummary>> ListConnectionSummariesAsync(Guid organizationId, PageRequest page, CancellationToken cancellationToken)
    {
        var (where, order, keyset) = Keyset.Clause("name_key", "id", page, c => _dialect.Id(Guid.ParseExact(c.Id, "D")));
        return await WithConnectionAsync(
            async db =>
            {
                var rows = new List<Connection>();
                using (var command = Sql.Command(db, null, $"SELECT {ConnectionColumns} FROM connections WHERE organization_id = @org{where}{order}", [("org", _dialect.Id(organizationId)), .. keyset]))
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        rows.Add(ReadConnection(reader));
                    }
                }

                var names = rows.ToDictionary(r => r.Id, _ => new List<string>());
                if (rows.Count > 0)
                {
                    var ids = rows.Select((r, i) => ($"c{i}", _dialect.Id(r.Id))).ToArray();
                    using var command = Sql.Command(
                        db,
                        null,
                        $"SELECT connection_id, name FROM connection_secrets WHERE connection_id IN ({string.Join(", ", ids.Select(p => "@" + p.Item1))}) ORDER BY name",
                        ids.Select(p => (p.Item1, (object?)p.Item2)).ToArray());
                    using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        names[_dialect.ReadId(reader, 0)].Add(reader.GetString(1));
                    }
                }

                return Page.FromRows(rows.Select(r => new ConnectionSummary(r, names[r.Id])).ToList(), page, PageLists.Registries, s => s.PageKey);
            },
            cancellationToken).ConfigureAwait(false);
    }
}
