namespace Berth.Connections;

public sealed record ConnectionDependent(string Kind, string Id, string Description);
