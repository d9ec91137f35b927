namespace Berth.Connections.Storage;

/// <summary>One audit row; <see cref="Detail"/> is written by Berth and never holds a secret.</summary>
public sealed record AuditEntry(
    long Id,
    Guid OrganizationId,
    DateTimeOffset At,
    string Actor,
    string Action,
    Guid? ConnectionId,
    string? Detail);
