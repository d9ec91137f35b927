namespace Berth.Connections.Replication;

/// <summary>What started a replication run.</summary>
public static class ReplicationTrigger
{
    public const string Manual = "manual";
    public const string Cron = "cron";
    public const string Change = "change";
}
