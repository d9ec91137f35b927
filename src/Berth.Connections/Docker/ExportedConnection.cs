namespace Berth.Connections.Docker;

/// <summary>
/// One connection's part of an exported docker config: the keys it was written under and when its credential
/// expires; never the credential. <see cref="Keys"/> is empty when nothing was written (then <see cref="Note"/> says why).
/// </summary>
public sealed record ExportedConnection(Guid Id, string Name, string Type, IReadOnlyList<string> Keys, DateTimeOffset? ExpiresAt, string? Note);
