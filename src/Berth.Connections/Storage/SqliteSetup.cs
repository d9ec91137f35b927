using Microsoft.Data.Sqlite;

namespace Berth.Connections.Storage;

/// <summary>First-open chores for a SQLite file: owner-only directory and file, write-ahead logging.</summary>
internal static class SqliteSetup
{
    public static void CreateFile(string connectionString)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            DataDirectory.Ensure(directory);
        }

        if (File.Exists(path) || OperatingSystem.IsWindows())
        {
            return;
        }

        // An empty file is a valid empty database; creating it ourselves fixes its mode at 0600.
        try
        {
            using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first.
        }
    }

    // WAL lets readers (the credential helper) run while a writer holds the lock.
    public static async Task EnableWalAsync(SqlDialect dialect, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var pragma = Sql.Command(connection, null, "PRAGMA journal_mode=WAL");
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
