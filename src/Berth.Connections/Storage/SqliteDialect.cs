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

    public override async Task<T> WithoutDiskWaitAsync<T>(DbConnection connection, Func<Task<T>> statement, CancellationToken cancellationToken)
    {
        // synchronous is a setting of the connection: NORMAL for this one commit (in WAL mode it still survives a crash
        // of the process), then back to what the connection had.
        var previous = Convert.ToInt64(await PragmaAsync(connection, "PRAGMA synchronous", cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        await PragmaAsync(connection, "PRAGMA synchronous=NORMAL", cancellationToken).ConfigureAwait(false);
        try
        {
            return await statement().ConfigureAwait(false);
        }
        finally
        {
            await PragmaAsync(connection, $"PRAGMA synchronous={previous}", CancellationToken.None).ConfigureAwait(false);
        }
    }

    public override ValueTask DisposeAsync()
    {
        using var connection = new SqliteConnection(connectionString);
        TrimLog(connection);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static async Task<object?> PragmaAsync(DbConnection connection, string pragma, CancellationToken cancellationToken)
    {
        using var command = Sql.Command(connection, null, pragma);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Connections skip the checkpoint on close (see <see cref="OpenAsync"/>), so the WAL outlives a short-lived process,
    /// and the next process that opens the database alone reads all of it back to rebuild its index: up to 4 MiB before
    /// the automatic checkpoint, read on every credential-helper run. When the log has grown past
    /// <see cref="LogTrimBytes"/>, the last store of a process copies it into the database and empties it (two fsyncs,
    /// once in many runs). A reader or writer of another process (a running server) makes this a no-op: it does not
    /// wait for them, and their open database keeps the index, so nobody rebuilds it.
    /// </summary>
    private static void TrimLog(SqliteConnection connection)
    {
        var log = new FileInfo(connection.DataSource + "-wal");
        if (!log.Exists || log.Length < LogTrimBytes)
        {
            return;
        }

        try
        {
            connection.Open();
            SQLitePCL.raw.sqlite3_busy_timeout(connection.Handle, 0);
            _ = SQLitePCL.raw.sqlite3_wal_checkpoint_v2(connection.Handle, "main", SQLitePCL.raw.SQLITE_CHECKPOINT_TRUNCATE, out _, out _);
        }
        catch (SqliteException)
        {
            // The trim is housekeeping: a database that cannot be opened now will say so to the next command.
        }
    }

    /// <summary>64 pages of 4 KiB: about 20 credential reads' worth of log.</summary>
    private const long LogTrimBytes = 64 * 4096;
}
