namespace Berth.Server.Copies;

/// <summary>A copy job as the API shows it: what, who, status and progress so far, from the store (any replica answers).</summary>
public sealed record CopyJobView(
    Guid Id,
    string Source,
    string Target,
    string SourceRegistry,
    string TargetRegistry,
    CopyJobStatus Status,
    DateTimeOffset Created,
    DateTimeOffset? Started,
    DateTimeOffset? Finished,
    int BlobsCopied,
    int BlobsSkipped,
    int BlobsMounted,
    long BytesTransferred,
    int ManifestsWritten,
    string? Digest,
    string? Error,
    bool CancelRequested = false,
    int Attempts = 0,
    string? Replica = null)
{
    public static CopyJobView Of(Connections.Copies.CopyJobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new CopyJobView(job.Id, job.Source, job.Target, job.SourceRegistry, job.TargetRegistry, Enum.Parse<CopyJobStatus>(job.Status, ignoreCase: true),
            job.Created, job.Started, job.Finished, job.BlobsCopied, job.BlobsSkipped, job.BlobsMounted, job.Bytes, job.Manifests, job.Digest, job.Error,
            job.CancelRequested, job.Attempts, job.Replica);
    }
}
