namespace Berth.Connections.Storage;

internal sealed partial class SqlConnectionStore : IConnectionNameLookup
{
    public async Task<IReadOnlyDictionary<Guid, string>> ConnectionNamesAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var distinct = ids.Distinct().ToList();
        if (distinct.Count == 0)
        {
            return new Dictionary<Guid, string>();
        }

        // One parameter per id: a page names at most a few hundred connections.
        var parameters = distinct.Select((id, i) => ($"c{i}", (object?)_dialect.Id(id))).ToArray();
        var list = string.Join(", ", parameters.Select(p => "@" + p.Item1));
        return await WithConnectionAsync(
            async db =>
            {
                var names = new Dictionary<Guid, string>();
                using var command = Sql.Command(db, null, $"SELECT id, name FROM connections WHERE id IN ({list})", parameters);
                using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    names[_dialect.ReadId(reader, 0)] = reader.GetString(1);
                }

                return (IReadOnlyDictionary<Guid, string>)names;
            },
            cancellationToken).ConfigureAwait(false);
    }
}
