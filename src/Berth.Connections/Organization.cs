namespace Berth.Connections;

/// <summary>A tenant that owns connections; connection names are unique within one organization.</summary>
public sealed record Organization(Guid Id, string Name, DateTimeOffset Created);
