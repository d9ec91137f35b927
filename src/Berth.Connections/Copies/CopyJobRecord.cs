namespace Berth.Connections.Copies;

/// <summary>A registry-to-registry copy as the store keeps it: what, between which connections, status and progress.</summary>
public sealed record CopyJobRecord
{
    public required Guid Id { get; init; }

    public required Guid OrganizationId { get; init; }

    public required string Source { get; init; }

    public required string Target { get; init; }

    public required Guid SourceConnectionId { get; init; }

    public required Guid TargetConnectionId { get; init; }

    /// <summary>Connection names when the copy was started (a later rename does not change them).</summary>
    public required string SourceRegistry { get; init; }

    public required string TargetRegistry { get; init; }

    public string? Platform { get; init; }

    public bool AllTags { get; init; }

    /// <summary>queued, running, succeeded, failed or cancelled.</summary>
    public required string Status { get; init; }

    public bool CancelRequested { get; init; }

    public required DateTimeOffset Created { get; init; }

    public DateTimeOffset? Started { get; init; }

    public DateTimeOffset? Finished { get; init; }

    public int BlobsCopied { get; init; }

    public int BlobsSkipped { get; init; }

    public int BlobsMounted { get; init; }

    public long Bytes { get; init; }

    public int Manifests { get; init; }

    /// <summary>How many times a replica started it (more than one after a recovery).</summary>
    public int Attempts { get; init; }

    public string? Replica { get; init; }

    public string? Digest { get; init; }

    public string? Error { get; init; }
}
