using Berth.Connections.Storage;

namespace Berth.Connections.Copies;

/// <summary>Opens the copy-job store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class CopyJobStoreFactory
{
    public static async Task<ICopyJobStore> OpenAsync(string? databaseSetting, string dataDirectory, CancellationToken cancellationToken)
    {
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        return new SqlCopyJobStore(dialect);
    }
}
