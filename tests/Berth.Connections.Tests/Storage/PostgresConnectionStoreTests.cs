using Berth.Connections.Tests.Postgres;
using Berth.Testing;
using Berth.Testing.Postgres;
using Berth.Connections.Storage;
using Npgsql;

namespace Berth.Connections.Tests.Storage;

[Collection(PostgresClusterDefinition.Name)]
public sealed class PostgresConnectionStoreTests(PostgresCluster cluster) : ConnectionStoreContract
{
    protected override async Task<string?> NewDatabaseAsync() => await cluster.CreateDatabaseAsync();

    protected override Task<string> RawContentAsync() => cluster.DumpAsync(Database!);

    protected override async Task<IReadOnlyList<(int Version, string Name)>> AppliedMigrationsAsync()
    {
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT version, name FROM schema_migrations ORDER BY version", connection);
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
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_listening_store_answers_the_connections_version_from_memory_and_hears_other_processes_change_it()
    {
        var org = await Store.EnsureOrganizationAsync("acme", default);
        var listening = (SqlConnectionStore)Store;
        using var stop = new CancellationTokenSource();
        var listener = listening.ListenForChangesAsync(null, stop.Token);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(listening.IsFollowingChanges)), "the store never subscribed");
        var v0 = (await listening.GetConnectionsVersionAsync(org.Id, default))!.Value;

        // Remembered: a change that is not announced (made behind the triggers' back) is not seen...
        await ExecuteSqlAsync($"UPDATE organizations SET connections_version = connections_version + 100 WHERE id = '{org.Id:D}'");
        Assert.Equal(v0, await listening.GetConnectionsVersionAsync(org.Id, default));

        // ...while a real change by another process is announced and heard.
        var other = await OpenAsync();
        var added = await other.AddConnectionAsync(Sample(org.Id), default);
        Assert.True(await Eventually.TrueAsync(async () => await listening.GetConnectionsVersionAsync(org.Id, default) != v0), "the other process's change was never heard");
        var v1 = (await listening.GetConnectionsVersionAsync(org.Id, default))!.Value;
        Assert.True(v1 > v0 + 100);

        // Its own change is read at once, without waiting for the announcement.
        await listening.RecordVerifyResultAsync(added.Id, true, "ok", Start, default);
        Assert.NotEqual(v1, await listening.GetConnectionsVersionAsync(org.Id, default));

        await stop.CancelAsync();
        await listener;
        Assert.False(listening.IsFollowingChanges);
    }

    [Fact]
    public async Task Postgres_url_form_opens_the_same_database()
    {
        var builder = new NpgsqlConnectionStringBuilder(Database);
        var url = $"postgresql://postgres@127.0.0.1:{builder.Port}/{builder.Database}?application_name=berth-test";
        var viaUrl = await Berth.Connections.Storage.StoreFactory.OpenAsync(url, DataDir, new Berth.Connections.Secrets.AesGcmSecretProtector(Key), Time, default);
        await using (viaUrl)
        {
            Assert.Equal(Berth.Connections.Storage.StoreBackend.Postgres, viaUrl.Backend);
            await Store.EnsureOrganizationAsync("acme", default);
            Assert.NotNull(await viaUrl.GetOrganizationAsync("acme", default));
        }
    }
}
