namespace Berth.Connections.UseCases;

/// <summary>A removed connection and the dependents that were detached from it.</summary>
public sealed record ConnectionRemoval(Connection Removed, IReadOnlyList<ConnectionDependent> Detached);
