namespace Berth.Connections.Storage;

/// <summary>Opens the rate-limit store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class RateLimitStoreFactory
{
    public static async Task<IRateLimitStore> OpenAsync(string? databaseSetting, string dataDirectory, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var time = timeProvider ?? TimeProvider.System;
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, time, cancellationToken).ConfigureAwait(false);
        return new SqlRateLimitStore(dialect, time);
    }
}
