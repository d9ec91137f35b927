using Berth.Connections.Replication;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>
/// Replication on the job engine: a policy's cron schedule is a durable job with a cron trigger that queues one run
/// per slot; each run is a one-shot job that requests recovery, so a run whose replica dies is taken over by another.
/// </summary>
internal sealed class QuartzReplicationScheduler(ISchedulerFactory schedulers, TimeProvider time) : IReplicationScheduler
{
    public const string CronGroup = "replication-cron";
    public const string RunGroup = "replication-run";
    public const string PolicyKey = "policy";
    public const string RunKey = "run";

    public string? ExplainInvalidCron(string expression)
    {
        try
        {
            _ = new CronExpression(expression);
            return null;
        }
        catch (FormatException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    public async Task ScheduleAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var key = new JobKey(policy.Id.ToString("D"), CronGroup);
        if (policy.Definition.Cron is not { } cron)
        {
            await scheduler.DeleteJob(key, cancellationToken).ConfigureAwait(false);
            return;
        }

        var job = JobBuilder.Create()
            .OfType<ReplicationCronJob>()
            .WithIdentity(key)
            .WithDescription($"replication policy {policy.Name}: schedule")
            .UsingJobData(PolicyKey, policy.Id.ToString("D"))
            .StoreDurably(true)
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(key.Name, CronGroup)
            .ForJob(job)
            // A slot missed while no replica ran is skipped, not caught up: the next slot replicates the same content.
            .WithSchedule(CronScheduleBuilder.Create(cron).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], new ScheduleJobOptions { Replace = true }, cancellationToken).ConfigureAwait(false);
    }

    public async Task UnscheduleAsync(ReplicationPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteJob(new JobKey(policy.Id.ToString("D"), CronGroup), cancellationToken).ConfigureAwait(false);
    }

    public async Task EnqueueAsync(ReplicationRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var job = JobBuilder.Create()
            .OfType<ReplicationRunJob>()
            .WithIdentity(run.Id.ToString("D"), RunGroup)
            .WithDescription($"replication run {run.Id:D} ({run.Trigger})")
            .UsingJobData(RunKey, run.Id.ToString("D"))
            .RequestRecovery(true)
            .Build();
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(run.Id.ToString("D"), RunGroup)
            .ForJob(job)
            .StartAt(time.GetUtcNow())
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleJob(job, [trigger], default, cancellationToken).ConfigureAwait(false);
    }

}
