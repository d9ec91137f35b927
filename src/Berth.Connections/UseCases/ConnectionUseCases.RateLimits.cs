namespace Berth.Connections.UseCases;

public sealed partial class ConnectionUseCases
{
    /// <summary>
    /// The request quota the connection's registry last announced (Docker Hub's RateLimit headers), whichever front end
    /// or job saw it; null when none was seen or the store keeps none.
    /// </summary>
    public async Task<RateLimitView?> RateLimitAsync(Connection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return clients.RateLimits is { } limits && connection.Id != Guid.Empty
            && await limits.GetAsync(connection.Id, cancellationToken).ConfigureAwait(false) is { } observed
            ? RateLimitView.From(observed)
            : null;
    }
}
