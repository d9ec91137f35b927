using Berth.Server.Background;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>
/// Base of the server's periodic work: one small subclass per kind of work, registered in <see cref="PeriodicJobs"/>.
/// Quartz fires each slot of the schedule on one replica of the cluster; this records the run (kind, slot, items) in
/// <see cref="JobRunLog"/> and logs a failure instead of letting it reach the scheduler, so the next slot runs as usual.
/// </summary>
[DisallowConcurrentExecution]
internal abstract partial class PeriodicJob(JobRunLog log, TimeProvider time, ILogger logger) : IJob
{
    public const string IntervalKey = "interval-ms";

    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.JobDetail.Key.Name;
        var interval = Math.Max(1, long.Parse(context.MergedJobDataMap.GetString(IntervalKey) ?? "1", System.Globalization.CultureInfo.InvariantCulture));
        var slot = (context.ScheduledFireTimeUtc ?? context.FireTimeUtc).ToUnixTimeMilliseconds() / interval;
        var started = Time.GetTimestamp();
        try
        {
            var items = await RunAsync(cancellationToken).ConfigureAwait(false);
            log.Add(new JobRun(job, slot, Time.GetUtcNow(), items));
            JobRunLog.Record(job, "ok", Time.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // One failing run must not reach the scheduler: it is logged and the next slot runs.
        catch (Exception e)
#pragma warning restore CA1031
        {
            JobRunLog.Record(job, "failed", Time.GetElapsedTime(started));
            LogJobFailed(Logger, job, e);
        }
    }

    /// <summary>Does one slot's work; returns how many items (connections, listings...) it handled.</summary>
    protected abstract Task<int> RunAsync(CancellationToken cancellationToken);

    [LoggerMessage(Level = LogLevel.Warning, Message = "background job {Job} failed")]
    private static partial void LogJobFailed(ILogger logger, string job, Exception exception);
}
