using Berth.Transport;

namespace Berth.Connections.Storage;

/// <summary>Per-connection record of the rate-limit headers its registry last sent (Docker Hub's pull quota).</summary>
public interface IRateLimitStore : IAsyncDisposable
{
    Task RecordAsync(Guid connectionId, RateLimitBudget budget, CancellationToken cancellationToken);

    Task<ObservedRateLimit?> GetAsync(Guid connectionId, CancellationToken cancellationToken);
}
