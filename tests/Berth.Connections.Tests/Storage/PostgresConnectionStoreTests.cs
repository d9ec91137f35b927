using Berth.Connections.Tests.Postgres;
using Berth.Testing.Postgres;
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
