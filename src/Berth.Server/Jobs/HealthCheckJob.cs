using Berth.Connections.UseCases;
using Berth.Server.Background;
using Berth.Server.Hosting;

namespace Berth.Server.Jobs;

/// <summary>Verifies again every connection whose last verify is older than the health interval.</summary>
internal sealed class HealthCheckJob(
    ServerStores stores,
    ConnectionUseCases connections,
    BerthServerOptions options,
    JobRunLog log,
    TimeProvider time,
    ILogger<HealthCheckJob> logger) : PeriodicJob(log, time, logger)
{
    public const string Name = "health";

    protected override async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var stale = Time.GetUtcNow() - options.HealthInterval;
        var count = 0;
        foreach (var connection in (await ConnectionSweep.AllAsync(stores, cancellationToken).ConfigureAwait(false))
                     .Where(c => c.LastVerifiedAt is null || c.LastVerifiedAt < stale))
        {
            await connections.VerifyAsync(new Actor(connection.OrganizationId, "server:" + options.InstanceId), connection, cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }
}
