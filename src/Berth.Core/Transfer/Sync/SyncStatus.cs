namespace Berth.Transfer.Sync;

/// <summary>The outcome for one tag.</summary>
public enum SyncStatus
{
    Copied,
    UpToDate,
    WouldCopy,
    Failed,
}
