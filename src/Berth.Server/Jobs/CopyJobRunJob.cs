using Berth.Server.Copies;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>Runs one stored copy job; recovered on another replica (or after a restart) when this one stops mid-copy.</summary>
internal sealed class CopyJobRunJob(CopyJobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await runner.ExecuteAsync(Guid.Parse(context.MergedJobDataMap.GetString(CopyJobs.JobKey)!), cancellationToken).ConfigureAwait(false);
            Background.JobRunLog.Record("copy", "ok", System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            Background.JobRunLog.Record("copy", "failed", System.Diagnostics.Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}
