using Berth.Connections;
using Berth.Connections.Jobs;
using Berth.Server.Hosting;
using Berth.Connections.UseCases;

namespace Berth.Server.Background;

/// <summary>
/// The server's background work, once per tick: renew short-lived credentials before they expire, re-verify
/// connections whose health is stale, and refresh stale listing-cache entries. Time is cut into slots of one
/// tick; a replica runs a job's slot only after winning that slot's lease in the database, so with several
/// replicas on one PostgreSQL database every slot of every job runs exactly once.
/// </summary>
internal sealed partial class BackgroundRefresher(
    ServerStores stores,
    ConnectionUseCases connections,
    PullSecretUseCases pullSecrets,
    BerthServerOptions options,
    JobRunLog log,
    TimeProvider time,
    ILogger<BackgroundRefresher> logger) : BackgroundService
{
    private const int MaxTagRefreshesPerConnection = 50;

    public const string CredentialsJob = "credentials";
    public const string HealthJob = "health";
    public const string ListingsJob = "listings";
    public const string PullSecretsJob = "pull-secrets";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.BackgroundInterval, time);
        do
        {
            await TickAsync(stoppingToken).ConfigureAwait(false);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    internal async Task TickAsync(CancellationToken ct)
    {
        var slot = time.GetUtcNow().ToUnixTimeMilliseconds() / (long)options.BackgroundInterval.TotalMilliseconds;
        foreach (var (job, run) in new (string, Func<IReadOnlyList<Connection>, CancellationToken, Task<int>>)[]
        {
            (CredentialsJob, RefreshCredentialsAsync),
            (HealthJob, CheckHealthAsync),
            (ListingsJob, RefreshListingsAsync),
            (PullSecretsJob, (_, ct) => pullSecrets.RefreshDueAsync(time.GetUtcNow(), ct)),
        })
        {
            var started = time.GetTimestamp();
            try
            {
                if (!await stores.Jobs.TryAcquireLeaseAsync($"{job}:{slot}", options.InstanceId, options.BackgroundInterval * 3, ct).ConfigureAwait(false))
                {
                    continue;
                }

                var all = await AllConnectionsAsync(ct).ConfigureAwait(false);
                var items = await run(all, ct).ConfigureAwait(false);
                log.Add(new JobRun(job, slot, time.GetUtcNow(), items));
                JobRunLog.Record(job, "ok", time.GetElapsedTime(started));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failing job must not stop the others or the loop; it is logged and retried next slot.
            catch (Exception e)
#pragma warning restore CA1031
            {
                JobRunLog.Record(job, "failed", time.GetElapsedTime(started));
                LogJobFailed(logger, job, e);
            }
        }

        try
        {
            await stores.Jobs.DeleteExpiredLeasesAsync(time.GetUtcNow() - TimeSpan.FromHours(1), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task<IReadOnlyList<Connection>> AllConnectionsAsync(CancellationToken ct)
    {
        var all = new List<Connection>();
        foreach (var organization in await stores.Connections.ListOrganizationsAsync(ct).ConfigureAwait(false))
        {
            all.AddRange(await stores.Connections.ListConnectionsAsync(organization.Id, ct).ConfigureAwait(false));
        }

        return all;
    }

    /// <summary>Credentials expiring before the tick after next are renewed now, so no caller ever meets an expired one.</summary>
    private async Task<int> RefreshCredentialsAsync(IReadOnlyList<Connection> all, CancellationToken ct)
    {
        var horizon = time.GetUtcNow() + options.BackgroundInterval * 2 + TimeSpan.FromMinutes(5);
        var count = 0;
        foreach (var connection in all.Where(c => c.CredentialExpiresAt is { } e && e < horizon))
        {
            try
            {
                await connections.RenewCredentialAsync(connection, ct).ConfigureAwait(false);
                count++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectionFailed(logger, CredentialsJob, connection.Name, e.Message);
            }
        }

        return count;
    }

    private async Task<int> CheckHealthAsync(IReadOnlyList<Connection> all, CancellationToken ct)
    {
        var stale = time.GetUtcNow() - options.HealthInterval;
        var count = 0;
        foreach (var connection in all.Where(c => c.LastVerifiedAt is null || c.LastVerifiedAt < stale))
        {
            await connections.VerifyAsync(new Actor(connection.OrganizationId, "server:" + options.InstanceId), connection, ct).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    private async Task<int> RefreshListingsAsync(IReadOnlyList<Connection> all, CancellationToken ct)
    {
        var count = 0;
        foreach (var connection in all)
        {
            var interval = connections.CacheIntervalOf(connection);
            var now = time.GetUtcNow();
            try
            {
                var repositories = await stores.Jobs.GetListingAsync(connection.Id, IJobStore.RepositoriesScope, ct).ConfigureAwait(false);
                if (repositories is null || now - repositories.Refreshed >= interval)
                {
                    repositories = await connections.ListRepositoriesAsync(connection, cached: false, ct).ConfigureAwait(false);
                    count++;
                }

                // Tags only of repositories someone browsed (they have a cache row), at most a bounded number per tick.
                var refreshed = 0;
                foreach (var repository in repositories.Items)
                {
                    if (refreshed >= MaxTagRefreshesPerConnection)
                    {
                        break;
                    }

                    var tags = await stores.Jobs.GetListingAsync(connection.Id, repository, ct).ConfigureAwait(false);
                    if (tags is not null && now - tags.Refreshed >= interval)
                    {
                        await connections.ListTagsAsync(connection, repository, cached: false, ct).ConfigureAwait(false);
                        refreshed++;
                        count++;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogConnectionFailed(logger, ListingsJob, connection.Name, e.Message);
            }
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "background job {Job} failed")]
    private static partial void LogJobFailed(ILogger logger, string job, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "background job {Job}: connection {Connection}: {Reason}")]
    private static partial void LogConnectionFailed(ILogger logger, string job, string connection, string reason);
}
