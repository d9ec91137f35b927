using Berth.Connections.Secrets;
using Berth.Connections.Storage;

namespace Berth.Connections.PullSecrets;

/// <summary>Opens the pull-secret target store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class PullSecretStoreFactory
{
    /// <param name="databaseSetting">As for <see cref="StoreFactory.OpenAsync(string?, string, ISecretProtector, CancellationToken)"/>.</param>
    /// <param name="dataDirectory">Holds the default SQLite file.</param>
    /// <param name="protector">Encrypts cluster tokens; the same master key as the connection store.</param>
    /// <param name="timeProvider">Clock for created/updated; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels opening and migrating.</param>
    public static async Task<IPullSecretStore> OpenAsync(string? databaseSetting, string dataDirectory, ISecretProtector protector, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var time = timeProvider ?? TimeProvider.System;
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, time, cancellationToken).ConfigureAwait(false);
        return new SqlPullSecretStore(dialect, protector, time);
    }
}
