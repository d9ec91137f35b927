using Quartz;

namespace Berth.Server.Jobs;

/// <summary>Stores the periodic jobs' schedule when the server starts with background jobs on.</summary>
internal sealed class JobScheduleSetup(ISchedulerFactory schedulers, BerthServerOptions options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.BackgroundJobs)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await PeriodicJobs.EnsureScheduledAsync(scheduler, options, time, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
