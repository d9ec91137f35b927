namespace Berth.Transfer.Sync;

/// <summary>The outcome for one tag.</summary>
public enum SyncStatus
{
    Copied,
    UpToDate,
    WouldCopy,
    Failed,

    /// <summary>The destination has a different image under the tag and overwriting was not allowed.</summary>
    Kept,
}
