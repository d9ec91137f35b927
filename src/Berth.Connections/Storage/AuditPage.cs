namespace Berth.Connections.Storage;

/// <summary>
/// One page of audit rows, newest first, with the cursors of its neighbours: <see cref="OlderCursor"/> goes into
/// <see cref="AuditQuery.Before"/> for the next (older) page, <see cref="NewerCursor"/> into
/// <see cref="AuditQuery.After"/> for the previous (newer) one; null where there is no such page.
/// </summary>
public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, long? OlderCursor, long? NewerCursor);
