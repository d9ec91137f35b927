using System.Data.Common;
using Npgsql;

namespace Berth.Connections.Storage;

internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    // Arbitrary constant shared by every Berth process: "berth" in ASCII, as the advisory lock key for migrations.
    private const long MigrationLockKey = 0x6265727468;

    public override StoreBackend Backend => StoreBackend.Postgres;

    public override string MigrationFolder => "Postgres";

    public override string CreateMigrationsTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version integer NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override object Id(Guid id) => id;

    public override Guid ReadId(DbDataReader reader, int ordinal) => reader.GetGuid(ordinal);

    public override object Time(DateTimeOffset time) => Normalize(time);

    public override DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public override string CommaList(string column) => $"string_agg({column}, ',')";

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
        var key = command.CreateParameter();
        key.ParameterName = "key";
        key.Value = MigrationLockKey;
        command.Parameters.Add(key);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
