namespace Berth.Connections.Replication;

/// <summary>The states of a replication run, as the API and CLI spell them.</summary>
public static class ReplicationRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinished(string status) => status is Succeeded or Failed or Cancelled;
}
