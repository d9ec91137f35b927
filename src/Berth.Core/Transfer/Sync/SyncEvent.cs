namespace Berth.Transfer.Sync;

/// <summary>One progress report from <see cref="RepositorySync"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Source">Source repository (<c>host/path</c>).</param>
/// <param name="Target">Destination repository (<c>host/path</c>).</param>
/// <param name="Reference">The tag or digest, for tag events.</param>
/// <param name="Digest">The manifest digest copied, or found up to date.</param>
/// <param name="Bytes">Blob bytes sent (or, in a dry run, that would be sent).</param>
/// <param name="Elapsed">Time the tag took, for copied tags.</param>
/// <param name="Error">Why it failed, for failures.</param>
/// <param name="Tags">For <see cref="SyncEventKind.RepositoryStarted"/>, how many tags will be checked.</param>
public sealed record SyncEvent(
    SyncEventKind Kind,
    string Source,
    string Target,
    string? Reference = null,
    string? Digest = null,
    long Bytes = 0,
    TimeSpan? Elapsed = null,
    string? Error = null,
    int Tags = 0);
