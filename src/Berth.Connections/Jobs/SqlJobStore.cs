using System.Text.Json;
using Berth.Connections.Storage;

namespace Berth.Connections.Jobs;

/// <summary><see cref="IJobStore"/> over plain ADO.NET.</summary>
internal sealed class SqlJobStore(SqlDialect dialect, TimeProvider time) : IJobStore
{
    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task<CachedListing?> GetListingAsync(Guid connectionId, string scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var select = Sql.Command(
                db,
                null,
                "SELECT items, refreshed FROM listing_cache WHERE connection_id = @id AND scope = @scope",
                ("id", dialect.Id(connectionId)),
                ("scope", scope));
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var items = JsonSerializer.Deserialize(reader.GetString(0), JobJsonContext.Default.StringArray) ?? [];
            return new CachedListing(items, dialect.ReadTime(reader, 1));
        }
    }

    public async Task SaveListingAsync(Guid connectionId, string scope, IReadOnlyList<string> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(items);
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var upsert = Sql.Command(
                db,
                null,
                "INSERT INTO listing_cache (connection_id, scope, items, refreshed) VALUES (@id, @scope, @items, @now) "
                + "ON CONFLICT (connection_id, scope) DO UPDATE SET items = excluded.items, refreshed = excluded.refreshed",
                ("id", dialect.Id(connectionId)),
                ("scope", scope),
                ("items", JsonSerializer.Serialize(items.ToArray(), JobJsonContext.Default.StringArray)),
                ("now", dialect.Time(time.GetUtcNow())));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task ClearListingsAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var delete = Sql.Command(db, null, "DELETE FROM listing_cache WHERE connection_id = @id", ("id", dialect.Id(connectionId)));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
