using Berth.Connections.UseCases;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>A cron slot of a replication policy: queues the slot's one run (a second firing of the slot finds it there).</summary>
internal sealed class ReplicationCronJob(ReplicationUseCases replications, Background.JobRunLog log, TimeProvider time) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var policyId = Guid.Parse(context.MergedJobDataMap.GetString(QuartzReplicationScheduler.PolicyKey)!);
        var slot = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToUnixTimeMilliseconds();
        var run = await replications.QueueScheduledAsync(policyId, slot, cancellationToken).ConfigureAwait(false);
        log.Add(new Background.JobRun($"replication-cron:{policyId:D}", slot, time.GetUtcNow(), run is null ? 0 : 1));
    }
}
