namespace Berth.Connections.Replication;

/// <summary>A saved replication policy of an organization; connections are held by id, so renames do not touch it.</summary>
public sealed record ReplicationPolicy(
    Guid Id,
    Guid OrganizationId,
    string Name,
    Guid SourceConnectionId,
    Guid DestinationConnectionId,
    ReplicationDefinition Definition,
    DateTimeOffset Created,
    string CreatedBy);
