namespace Berth.Transfer.Sync;

/// <summary>What a sync did.</summary>
public sealed record SyncResult
{
    public required IReadOnlyList<SyncedImage> Images { get; init; }

    public int Repositories { get; init; }

    public int Copied => Images.Count(i => i.Status == SyncStatus.Copied);

    public int UpToDate => Images.Count(i => i.Status == SyncStatus.UpToDate);

    public int WouldCopy => Images.Count(i => i.Status == SyncStatus.WouldCopy);

    public int Failed => Images.Count(i => i.Status == SyncStatus.Failed);

    public IEnumerable<SyncedImage> Failures => Images.Where(i => i.Status == SyncStatus.Failed);

    /// <summary>Blob bytes sent (or, in a dry run, that would be sent).</summary>
    public long Bytes => Images.Sum(i => i.Bytes);

    public TimeSpan Elapsed { get; init; }

    public bool DryRun { get; init; }

    /// <summary>True when the sync stopped at a failure before looking at everything (no <see cref="SyncOptions.KeepGoing"/>).</summary>
    public bool Stopped { get; init; }
}
