using System.Data;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Connections.Storage;

/// <summary>
/// Applies the embedded <c>Migrations/&lt;Backend&gt;/NNNN_name.sql</c> scripts not yet recorded in
/// <c>schema_migrations</c>, all in one transaction behind a cross-process lock, so two processes opening one
/// database at once migrate it exactly once.
/// </summary>
internal static partial class MigrationRunner
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> Load(string folder)
    {
        var assembly = typeof(MigrationRunner).Assembly;
        var prefix = $"Migrations/{folder}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var fileName = resource[prefix.Length..];
            var match = ScriptName().Match(fileName);
            if (!match.Success)
            {
                throw new SchemaVersionException($"migration script '{resource}' is not named NNNN_name.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    /// <summary>Returns the versions applied by this call (empty when the database was already current).</summary>
    public static async Task<IReadOnlyList<int>> ApplyAsync(SqlDialect dialect, TimeProvider time, CancellationToken cancellationToken)
    {
        var migrations = Load(dialect.MigrationFolder);
        if (await IsCurrentAsync(dialect, migrations, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                // Read committed (not serializable) so statements after the lock see what the lock holder committed.
                // Lock first: concurrent CREATE TABLE IF NOT EXISTS is itself not safe on PostgreSQL.
                await dialect.LockForMigrationAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
                using (var create = Sql.Command(connection, transaction, dialect.CreateMigrationsTableSql))
                {
                    await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                var applied = new HashSet<int>();
                using (var select = Sql.Command(connection, transaction, "SELECT version FROM schema_migrations"))
                using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        applied.Add(reader.GetInt32(0));
                    }
                }

                var newest = migrations.Count == 0 ? 0 : migrations[^1].Version;
                var unknown = applied.Where(v => v > newest).ToList();
                if (unknown.Count > 0)
                {
                    throw new SchemaVersionException(
                        $"the database has schema version {unknown.Max()}, newer than this berth knows ({newest}); upgrade berth to use this database");
                }

                var done = new List<int>();
                foreach (var migration in migrations.Where(m => !applied.Contains(m.Version)))
                {
                    using (var script = Sql.Command(connection, transaction, migration.Sql))
                    {
                        await script.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    using (var record = Sql.Command(
                        connection,
                        transaction,
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                        ("version", migration.Version),
                        ("name", migration.Name),
                        ("at", dialect.Time(time.GetUtcNow()))))
                    {
                        await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    done.Add(migration.Version);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return done;
            }
        }
    }

    /// <summary>
    /// A read without any lock: true when every known script is recorded and none newer is. Nearly every open is of a
    /// current database, and the writer lock the migration path takes would make each credential-helper call wait for
    /// (and with SQLite, write) a transaction that changes nothing. Anything else goes the locked path, which decides.
    /// </summary>
    private static async Task<bool> IsCurrentAsync(SqlDialect dialect, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var applied = new HashSet<int>();
            try
            {
                using var select = Sql.Command(connection, null, "SELECT version FROM schema_migrations");
                using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }
            catch (System.Data.Common.DbException)
            {
                // No schema_migrations table yet: a new database.
                return false;
            }

            return applied.SetEquals(migrations.Select(m => m.Version));
        }
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex ScriptName();
}
