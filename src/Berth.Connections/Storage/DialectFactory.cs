using Npgsql;

namespace Berth.Connections.Storage;

/// <summary>
/// Opens a migrated dialect for stores that live beside <see cref="IConnectionStore"/> in the same database
/// (API tokens, job leases, listing cache) and need no master key.
/// </summary>
internal static class DialectFactory
{
    public static async Task<SqlDialect> OpenMigratedAsync(string? databaseSetting, string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        var setting = DatabaseSetting.Parse(databaseSetting, dataDirectory);
        SqlDialect dialect;
        if (setting.Backend == StoreBackend.Postgres)
        {
            dialect = new PostgresDialect(new NpgsqlSlimDataSourceBuilder(setting.ConnectionString).Build());
        }
        else
        {
            SqliteSetup.CreateFile(setting.ConnectionString);
            dialect = new SqliteDialect(setting.ConnectionString);
        }

        try
        {
            if (dialect is SqliteDialect)
            {
                await SqliteSetup.EnableWalAsync(dialect, cancellationToken).ConfigureAwait(false);
            }

            await MigrationRunner.ApplyAsync(dialect, time, cancellationToken).ConfigureAwait(false);
            return dialect;
        }
        catch
        {
            await dialect.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
