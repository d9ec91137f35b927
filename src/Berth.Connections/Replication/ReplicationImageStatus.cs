namespace Berth.Connections.Replication;

/// <summary>What a run did with one image (tag), as the API and CLI spell it.</summary>
public static class ReplicationImageStatus
{
    public const string Copied = "copied";
    public const string Unchanged = "unchanged";
    public const string WouldCopy = "would-copy";
    public const string Kept = "kept";
    public const string Failed = "failed";
}
