using System.Data.Common;

namespace Berth.Connections.Storage;

/// <summary>The few places SQLite and PostgreSQL differ: value encoding, errors, and migration locking.</summary>
internal abstract class SqlDialect
{
    public abstract StoreBackend Backend { get; }

    /// <summary>Folder under Migrations/ holding this backend's scripts.</summary>
    public abstract string MigrationFolder { get; }

    public abstract string CreateMigrationsTableSql { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    public abstract object Id(Guid id);

    public abstract Guid ReadId(DbDataReader reader, int ordinal);

    public abstract object Time(DateTimeOffset time);

    public abstract DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>An aggregate joining <paramref name="column"/>'s values of a group with commas (order unspecified).</summary>
    public abstract string CommaList(string column);

    /// <summary>Serialises migrations across processes, inside <paramref name="transaction"/>.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>
    /// Runs one autocommitted statement of <paramref name="connection"/> whose commit need not wait for the disk (see
    /// <see cref="IConnectionStore.AppendReadAuditAsync"/>). PostgreSQL commits concurrent transactions with one flush
    /// already (group commit), so it waits as usual; SQLite, whose single writer would wait for one fsync per commit, overrides.
    /// </summary>
    public virtual Task<T> WithoutDiskWaitAsync<T>(DbConnection connection, Func<Task<T>> statement, CancellationToken cancellationToken) => statement();

    /// <summary>Lets the pool release files or sockets when the store is disposed.</summary>
    public abstract ValueTask DisposeAsync();

    public Guid? ReadNullableId(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadId(reader, ordinal);

    public DateTimeOffset? ReadNullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : ReadTime(reader, ordinal);

    /// <summary>UTC, truncated to microseconds: the finest both backends keep, so values round-trip exactly.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - (utc % 10), TimeSpan.Zero);
    }
}
