using Berth.Connections.Storage;

namespace Berth.Connections.Tokens;

/// <summary>Opens the API token store in the database named by --database / BERTH_DATABASE, migrating it.</summary>
public static class TokenStoreFactory
{
    /// <param name="databaseSetting">As for <see cref="StoreFactory.OpenAsync(string?, string, Secrets.ISecretProtector, CancellationToken)"/>.</param>
    /// <param name="dataDirectory">Holds the default SQLite file.</param>
    /// <param name="timeProvider">Clock for created / last used / revoked; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels opening and migrating.</param>
    public static async Task<ITokenStore> OpenAsync(string? databaseSetting, string dataDirectory, TimeProvider? timeProvider, CancellationToken cancellationToken)
    {
        var time = timeProvider ?? TimeProvider.System;
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, time, cancellationToken).ConfigureAwait(false);
        return new SqlTokenStore(dialect, time);
    }

    /// <summary>
    /// As <see cref="OpenAsync"/>, with each valid token's record cached for <paramref name="cacheLifetime"/> (zero:
    /// no caching); see <see cref="CachingTokenStore"/> for how changes reach every replica within that time.
    /// </summary>
    public static async Task<CachingTokenStore> OpenCachedAsync(string? databaseSetting, string dataDirectory, TimeProvider? timeProvider, TimeSpan cacheLifetime, CancellationToken cancellationToken)
    {
        var time = timeProvider ?? TimeProvider.System;
        var dialect = await DialectFactory.OpenMigratedAsync(databaseSetting, dataDirectory, time, cancellationToken).ConfigureAwait(false);
        return new CachingTokenStore(new SqlTokenStore(dialect, time), dialect, cacheLifetime, time);
    }
}
