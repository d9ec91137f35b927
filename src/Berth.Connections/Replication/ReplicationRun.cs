namespace Berth.Connections.Replication;

/// <summary>One run of a policy: status, counts so far and, once finished, the result per image.</summary>
public sealed record ReplicationRun
{
    public required Guid Id { get; init; }

    public required Guid PolicyId { get; init; }

    public required Guid OrganizationId { get; init; }

    /// <summary><see cref="ReplicationTrigger"/>: manual, cron or change.</summary>
    public required string Trigger { get; init; }

    /// <summary>For a scheduled run, its schedule slot (Unix milliseconds of the fire time): one run per slot.</summary>
    public long? Slot { get; init; }

    /// <summary><see cref="ReplicationRunStatus"/>.</summary>
    public required string Status { get; init; }

    public bool CancelRequested { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public int Copied { get; init; }

    public int Unchanged { get; init; }

    public int Failed { get; init; }

    /// <summary>How many times a replica started it (more than one after a recovery or restart).</summary>
    public int Attempts { get; init; }

    /// <summary>The replica that ran it last.</summary>
    public string? Replica { get; init; }

    public string? Error { get; init; }

    public IReadOnlyList<ReplicationImage> Images { get; init; } = [];
}
