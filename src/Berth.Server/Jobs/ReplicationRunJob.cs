using Berth.Connections.UseCases;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>Runs one replication run; recovered on another replica (or after a restart) when this one stops mid-run.</summary>
internal sealed class ReplicationRunJob(ReplicationRunner runner, BerthServerOptions options) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var runId = Guid.Parse(context.MergedJobDataMap.GetString(QuartzReplicationScheduler.RunKey)!);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await runner.ExecuteAsync(runId, options.InstanceId, cancellationToken).ConfigureAwait(false);
            Background.JobRunLog.Record("replication", "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            Background.JobRunLog.Record("replication", "failed", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
