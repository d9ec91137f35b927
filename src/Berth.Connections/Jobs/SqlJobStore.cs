using System.Text.Json;
using Berth.Connections.Storage;

namespace Berth.Connections.Jobs;

/// <summary><see cref="IJobStore"/> over plain ADO.NET; the lease upsert is one statement, atomic on both backends.</summary>
internal sealed class SqlJobStore(SqlDialect dialect, TimeProvider time) : IJobStore
{
    public ValueTask DisposeAsync() => dialect.DisposeAsync();

    public async Task<bool> TryAcquireLeaseAsync(string job, string holder, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var now = time.GetUtcNow();
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            // The conditional DO UPDATE changes no row while another holder's lease is still running.
            using var upsert = Sql.Command(
                db,
                null,
                "INSERT INTO job_leases (name, holder, expires) VALUES (@name, @holder, @expires) "
                + "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires "
                + "WHERE job_leases.holder = excluded.holder OR job_leases.expires < @now",
                ("name", job),
                ("holder", holder),
                ("expires", dialect.Time(now + duration)),
                ("now", dialect.Time(now)));
            return await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
        }
    }

    public async Task ReleaseLeaseAsync(string job, string holder, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var delete = Sql.Command(db, null, "DELETE FROM job_leases WHERE name = @name AND holder = @holder", ("name", job), ("holder", holder));
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<int> DeleteExpiredLeasesAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var db = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (db.ConfigureAwait(false))
        {
            using var delete = Sql.Command(db, null, "DELETE FROM job_leases WHERE expires < @before", ("before", dialect.Time(before)));
            return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

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
