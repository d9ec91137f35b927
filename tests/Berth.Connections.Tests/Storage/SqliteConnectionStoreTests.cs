using System.Text;
using Microsoft.Data.Sqlite;

namespace Berth.Connections.Tests.Storage;

public sealed class SqliteConnectionStoreTests : ConnectionStoreContract
{
    private int _databases;

    private string CurrentFile => Database is null
        ? Path.Combine(DataDir, "berth.db")
        : new SqliteConnectionStringBuilder(Database).DataSource;

    // The first database is the default (no setting: berth.db in the data directory); later ones are explicit.
    protected override Task<string?> NewDatabaseAsync() =>
        Task.FromResult(_databases++ == 0 ? null : $"Data Source={Path.Combine(DataDir, $"other-{_databases}.db")}");

    protected override async Task<string> RawContentAsync()
    {
        var text = new StringBuilder();
        foreach (var file in Directory.GetFiles(DataDir, Path.GetFileName(CurrentFile) + "*"))
        {
            text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        }

        return text.ToString();
    }

    protected override async Task<IReadOnlyList<(int Version, string Name)>> AppliedMigrationsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={CurrentFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand("SELECT version, name FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(int, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1)));
        }

        return rows;
    }

    protected override async Task ExecuteSqlAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={CurrentFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = new SqliteCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public void Default_database_is_berth_db_in_an_owner_only_data_directory()
    {
        Assert.True(File.Exists(Path.Combine(DataDir, "berth.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(DataDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(DataDir, "berth.db")));
    }
}
