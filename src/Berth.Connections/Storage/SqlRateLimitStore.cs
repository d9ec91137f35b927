using Berth.Transport;

namespace Berth.Connections.Storage;

/// <summary><see cref="IRateLimitStore"/> over plain ADO.NET: one upserted row per connection.</summary>
internal sealed class SqlRateLimitStore(SqlDialect dialect, TimeProvider time) : IRateLimitStore
{
    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task RecordAsync(Guid connectionId, RateLimitBudget budget, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var upsert = Sql.Command(
                db,
                null,
                "INSERT INTO connection_rate_limits (connection_id, quota, remaining, window_seconds, observed) VALUES (@id, @quota, @remaining, @window, @now) "
                + "ON CONFLICT (connection_id) DO UPDATE SET quota = excluded.quota, remaining = excluded.remaining, "
                + "window_seconds = excluded.window_seconds, observed = excluded.observed",
                ("id", dialect.Id(connectionId)),
                ("quota", budget.Limit),
                ("remaining", (object?)budget.Remaining ?? DBNull.Value),
                ("window", budget.Window is { } w ? (int)w.TotalSeconds : DBNull.Value),
                ("now", dialect.Time(time.GetUtcNow())));
            await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<ObservedRateLimit?> GetAsync(Guid connectionId, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var select = Sql.Command(
                db,
                null,
                "SELECT quota, remaining, window_seconds, observed FROM connection_rate_limits WHERE connection_id = @id",
                ("id", dialect.Id(connectionId)));
            using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var budget = new RateLimitBudget(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : TimeSpan.FromSeconds(reader.GetInt32(2)));
            return new ObservedRateLimit(budget, dialect.ReadTime(reader, 3));
        }
    }
}
