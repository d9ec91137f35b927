using Berth.Connections.Secrets;
using Npgsql;

namespace Berth.Connections.Storage;

/// <summary>Opens the connection store named by --database / BERTH_DATABASE, migrating it on the way.</summary>
public static class StoreFactory
{
    /// <param name="databaseSetting">
    /// null or empty → SQLite <c>&lt;dataDirectory&gt;/berth.db</c> (directory created 0700); <c>Host=</c>,
    /// <c>Server=</c>, <c>postgres://</c> or <c>postgresql://</c> → PostgreSQL; <c>Data Source=</c> or a path → SQLite.
    /// </param>
    /// <param name="dataDirectory">Holds the default SQLite file (and the key file, for the protector).</param>
    /// <param name="protector">Encrypts secrets; its key must be the one the database was written with.</param>
    /// <param name="cancellationToken">Cancels opening and migrating.</param>
    public static Task<IConnectionStore> OpenAsync(string? databaseSetting, string dataDirectory, ISecretProtector protector, CancellationToken cancellationToken) =>
        OpenAsync(databaseSetting, dataDirectory, protector, TimeProvider.System, cancellationToken);

    public static async Task<IConnectionStore> OpenAsync(
        string? databaseSetting,
        string dataDirectory,
        ISecretProtector protector,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var setting = DatabaseSetting.Parse(databaseSetting, dataDirectory);
        SqlDialect dialect = setting.Backend switch
        {
            StoreBackend.Postgres => new PostgresDialect(new NpgsqlSlimDataSourceBuilder(setting.ConnectionString).Build()),
            _ => PrepareSqlite(setting.ConnectionString),
        };

        var store = new SqlConnectionStore(dialect, protector, timeProvider);
        try
        {
            if (dialect is SqliteDialect)
            {
                await SqliteSetup.EnableWalAsync(dialect, cancellationToken).ConfigureAwait(false);
            }

            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static SqliteDialect PrepareSqlite(string connectionString)
    {
        SqliteSetup.CreateFile(connectionString);
        return new SqliteDialect(connectionString);
    }
}
