using System.Text;
using Berth.Connections.Storage;
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

    [Fact]
    public async Task A_read_audit_commits_with_synchronous_normal_and_leaves_the_connection_at_full()
    {
        var dialect = new SqliteDialect($"Data Source={CurrentFile}");
        await using var _ = dialect;
        await using var connection = await dialect.OpenAsync(default);
        Assert.Equal(2L, await PragmaAsync(connection, "PRAGMA synchronous"));

        var during = await dialect.WithoutDiskWaitAsync(connection, () => PragmaAsync(connection, "PRAGMA synchronous"), default);

        Assert.Equal(1L, during);
        Assert.Equal(2L, await PragmaAsync(connection, "PRAGMA synchronous"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => dialect.WithoutDiskWaitAsync<long>(connection, () => throw new InvalidOperationException("statement failed"), default));
        Assert.Equal(2L, await PragmaAsync(connection, "PRAGMA synchronous"));
    }

    [Fact]
    public async Task The_last_store_of_a_process_empties_a_log_grown_past_256_KiB_so_the_next_process_need_not_read_it_back()
    {
        // Creating the database wrote a large log of its own: start from the small one the first close leaves.
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.DisposeAsync();
        var store = await OpenAsync();
        var log = new FileInfo(CurrentFile + "-wal");
        Assert.True(LogBytes(log) < 256 * 1024);
        var written = 0;
        for (; written < 1000 && LogBytes(log) < 300 * 1024; written++)
        {
            await store.AppendReadAuditAsync(org.Id, "token:ci", "credential.read", null, $"prod: pull {written} " + new string('x', 200), default);
        }

        Assert.True(LogBytes(log) >= 256 * 1024, $"the log holds {log.Length} bytes; the test needs more than 256 KiB");

        await store.DisposeAsync();

        Assert.Equal(0, LogBytes(log));
        var reopened = await OpenAsync();
        Assert.Equal(written, (await reopened.ListAuditAsync(org.Id, 1000, default)).Count);
    }

    [Fact]
    public async Task A_small_log_is_left_alone_when_the_store_closes()
    {
        // Creating the database wrote a large log; the first store's close empties it.
        var org = await Store.EnsureOrganizationAsync("acme", default);
        await Store.DisposeAsync();
        var store = await OpenAsync();
        await store.AppendReadAuditAsync(org.Id, "token:ci", "credential.read", null, "prod: pull", default);
        var log = new FileInfo(CurrentFile + "-wal");
        var before = log.Length;
        Assert.InRange(before, 1, 256 * 1024 - 1);

        await store.DisposeAsync();

        log.Refresh();
        Assert.Equal(before, log.Length);
    }

    private static long LogBytes(FileInfo log)
    {
        log.Refresh();
        return log.Exists ? log.Length : 0;
    }

    private static async Task<long> PragmaAsync(System.Data.Common.DbConnection connection, string pragma)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
