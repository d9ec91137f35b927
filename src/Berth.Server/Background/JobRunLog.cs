using System.Collections.Concurrent;

namespace Berth.Server.Background;

/// <summary>The recent job runs of this replica (diagnostics and tests: each slot of a job runs on one replica only).</summary>
public sealed class JobRunLog
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<JobRun> _runs = new();

    public IReadOnlyList<JobRun> Runs => _runs.ToArray();

    /// <summary>
    /// Counts one run of a job kind in the metrics (<c>berth_job_runs_total</c>, <c>berth_job_duration_seconds</c>):
    /// every job, whatever runs it, reports here once per run, with outcome <c>ok</c>, <c>failed</c> or <c>skipped</c>.
    /// </summary>
    public static void Record(string job, string outcome, TimeSpan elapsed) => Berth.Diagnostics.BerthMetrics.RecordJobRun(job, outcome, elapsed);

    internal void Add(JobRun run)
    {
        _runs.Enqueue(run);
        while (_runs.Count > Capacity && _runs.TryDequeue(out _))
        {
        }
    }
}
