using Berth.Transport;

namespace Berth.Connections.Storage;

/// <summary>
/// The connection store keeps the rate-limit rows of its connections itself (a capability, like
/// <see cref="ICapabilityStore"/>), so whoever holds the store records and reads budgets without opening another one.
/// </summary>
internal sealed partial class SqlConnectionStore : IRateLimitStore
{
    private SqlRateLimitStore? _rateLimits;

    // Shares this store's dialect; never disposed on its own (that would close the store's pool).
    private SqlRateLimitStore RateLimitRows => _rateLimits ??= new SqlRateLimitStore(_dialect, _time);

    Task IRateLimitStore.RecordAsync(Guid connectionId, RateLimitBudget budget, CancellationToken cancellationToken) =>
        RateLimitRows.RecordAsync(connectionId, budget, cancellationToken);

    Task<ObservedRateLimit?> IRateLimitStore.GetAsync(Guid connectionId, CancellationToken cancellationToken) =>
        RateLimitRows.GetAsync(connectionId, cancellationToken);
}
