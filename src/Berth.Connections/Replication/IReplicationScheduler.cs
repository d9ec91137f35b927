namespace Berth.Connections.Replication;

/// <summary>
/// The job engine as replication sees it (the server implements it with Quartz): cron schedules of policies, and runs
/// handed to whichever replica picks them up.
/// </summary>
public interface IReplicationScheduler
{
    /// <summary>Why the cron expression is not valid, or null when it is.</summary>
    string? ExplainInvalidCron(string expression);

    /// <summary>Puts the policy's cron schedule in place (or removes it when the policy has none).</summary>
    Task ScheduleAsync(ReplicationPolicy policy, CancellationToken cancellationToken);

    Task UnscheduleAsync(ReplicationPolicy policy, CancellationToken cancellationToken);

    /// <summary>Runs a queued run as soon as a replica is free; it survives the loss of the replica that runs it.</summary>
    Task EnqueueAsync(ReplicationRun run, CancellationToken cancellationToken);
}
