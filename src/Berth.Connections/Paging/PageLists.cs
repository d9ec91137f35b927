namespace Berth.Connections.Paging;

/// <summary>The paged lists, by the name their cursors carry (a cursor of one list is refused by another).</summary>
public static class PageLists
{
    public const string Registries = "registries";

    public const string Tokens = "tokens";

    public const string Audit = "audit";

    public const string Copies = "copies";

    public const string Replications = "replications";

    public const string ReplicationRuns = "replication-runs";

    public const string PullSecretTargets = "pull-secret-targets";

    /// <summary>Whether the list's rows are identified by a number (audit rows) rather than a GUID.</summary>
    public static bool HasNumericIds(string list) => string.Equals(list, Audit, StringComparison.Ordinal);

    /// <summary>Whether the list is ordered by a time (copies, runs: newest first), its cursors' keys in round-trip form.</summary>
    public static bool HasTimeKeys(string list) => list is Copies or ReplicationRuns;
}
