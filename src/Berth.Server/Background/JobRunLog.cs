using System.Collections.Concurrent;

namespace Berth.Server.Background;

/// <summary>The recent job runs of this replica (diagnostics and tests: each slot of a job runs on one replica only).</summary>
public sealed class JobRunLog
{
    private const int Capacity = 500;
    private readonly ConcurrentQueue<JobRun> _runs = new();

    public IReadOnlyList<JobRun> Runs => _runs.ToArray();

    internal void Add(JobRun run)
    {
        _runs.Enqueue(run);
        while (_runs.Count > Capacity && _runs.TryDequeue(out _))
        {
        }
    }
}
