using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Berth.Server.Hosting;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (the database answers with the current schema, and the
/// job scheduler runs) for an orchestrator's probes: unauthenticated, not rate limited, cheap.
/// </summary>
internal static class HealthEndpoints
{
    private const string Ready = "ready";

    public static IServiceCollection AddBerthHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("database", tags: [Ready])
            .AddCheck<JobEngineHealthCheck>("job-engine", tags: [Ready]);
        return services;
    }

    public static void MapBerthHealth(this WebApplication app)
    {
        // Liveness runs no check: a process that can answer is alive; restarting it for a database outage helps nobody.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteStatusAsync }).AllowAnonymous().ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteStatusAsync }).AllowAnonymous().ExcludeFromDescription();
    }

    /// <summary>
    /// The status word, as the default writer answers, with its length: an answer without one ends its connection for
    /// HTTP/1.0 clients (probes, <c>ab</c>), so each probe would open a new one.
    /// </summary>
    private static Task WriteStatusAsync(HttpContext context, HealthReport report)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(report.Status.ToString());
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>One cheap query within a few seconds; the schema was migrated (or refused as newer) when the store opened.</summary>
    private sealed class StoreHealthCheck(ServerStores stores) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                await stores.Connections.ListOrganizationsAsync(deadline.Token).ConfigureAwait(false);
                return HealthCheckResult.Healthy("the database answers and its schema is current");
            }
#pragma warning disable CA1031 // Any failure to reach the database is the answer of this check, not an error of the endpoint.
            catch (Exception e)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"the database does not answer: {e.GetType().Name}");
            }
        }
    }

    /// <summary>The job engine (copies, replication runs and, when enabled, the periodic jobs) is started and not in standby.</summary>
    private sealed class JobEngineHealthCheck(Quartz.ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
            return scheduler.Status == Quartz.SchedulerStatus.Running
                ? HealthCheckResult.Healthy("the job scheduler is running")
                : HealthCheckResult.Unhealthy("the job scheduler is not running");
        }
    }
}
