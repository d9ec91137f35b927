namespace Berth.Connections.Replication;

/// <summary>One image a run looked at, or one repository it could not read (<see cref="Tag"/> null), with the reason.</summary>
public sealed record ReplicationImage(string Source, string Target, string? Tag, string Status, string? Digest, long Bytes, string? Reason);
