using Berth.Server.Copies;
using Quartz;

namespace Berth.Server.Jobs;

/// <summary>Runs one stored copy job; recovered on another replica (or after a restart) when this one stops mid-copy.</summary>
internal sealed class CopyJobRunJob(CopyJobRunner runner) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await runner.ExecuteAsync(Guid.Parse(context.MergedJobDataMap.GetString(CopyJobs.JobKey)!), cancellationToken).ConfigureAwait(false);
    }
}
