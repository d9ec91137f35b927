using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Berth.Connections.Storage;

internal sealed class SqliteDialect(string connectionString) : SqlDialect
{
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public override StoreBackend Backend => StoreBackend.Sqlite;

    public override string MigrationFolder => "Sqlite";

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // The credential helper opens the store on every pull; a checkpoint when its last connection closes cost two
            // fsyncs, and deleting the WAL made the next process create it (and fsync the directory) again. Checkpoints
            // still happen as the WAL grows (wal_autocheckpoint), and every commit stays durable (synchronous=FULL).
            SQLitePCL.raw.sqlite3_db_config(connection.Handle, SQLitePCL.raw.SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, out _);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override object Id(Guid id) => id.ToString("D");

    public override Guid ReadId(DbDataReader reader, int ordinal) => Guid.Parse(reader.GetString(ordinal));

    public override object Time(DateTimeOffset time) => Normalize(time).UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public override string CommaList(string column) => $"group_concat({column}, ',')";

    // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    // The transaction is BEGIN IMMEDIATE, which already holds SQLite's single writer lock.
    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }
}
