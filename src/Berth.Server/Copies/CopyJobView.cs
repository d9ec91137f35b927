namespace Berth.Server.Copies;

/// <summary>A copy job as the API shows it: what, who, status and progress so far.</summary>
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
    string? Error);
