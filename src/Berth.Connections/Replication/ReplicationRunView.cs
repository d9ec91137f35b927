namespace Berth.Connections.Replication;

/// <summary>A run as the API, CLI and dashboard show it.</summary>
public sealed record ReplicationRunView(
    Guid Id,
    string Policy,
    string Trigger,
    string Status,
    bool CancelRequested,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    int Copied,
    int Unchanged,
    int Failed,
    int Attempts,
    string? Replica,
    string? Error,
    IReadOnlyList<ReplicationImage> Images)
{
    public static ReplicationRunView Of(ReplicationRun run, string policy)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Id, policy, run.Trigger, run.Status, run.CancelRequested, run.Created, run.Started, run.Finished,
            run.Copied, run.Unchanged, run.Failed, run.Attempts, run.Replica, run.Error, run.Images);
    }
}
