using Berth.Connections.Storage;

namespace Berth.Connections.Replication;

/// <summary>Opens the replication store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class ReplicationStoreFactory
{
    public static async Task<IReplicationStore> OpenAsync(string? databaseSetting, string dataDirectory, CancellationToken cancellationToken)
    {
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return new SqlReplicationStore(dialect);
    }
}
