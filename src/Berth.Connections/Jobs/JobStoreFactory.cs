using Berth.Connections.Storage;

namespace Berth.Connections.Jobs;

/// <summary>Opens the job store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class JobStoreFactory
{
    public static async Task<IJobStore> OpenAsync(string? databaseSetting, string dataDirectory, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var time = timeProvider ?? TimeProvider.System;
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, time, cancellationToken).ConfigureAwait(false);
        return new SqlJobStore(dialect, time);
    }
}
