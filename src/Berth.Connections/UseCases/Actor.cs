namespace Berth.Connections.UseCases;

/// <summary>
/// Who asks for a use case: the organization it acts in (every lookup is scoped to it), the name the audit log
/// records (<c>cli</c>, <c>credential-helper</c>, <c>token:ID</c>), and, for a ci token, the only connections it may use.
/// </summary>
public sealed record Actor(Guid OrganizationId, string Name, IReadOnlyList<string>? OnlyConnections = null)
{
    /// <summary>Whether this actor may use the connection with this name (ci tokens: only the ones they name).</summary>
    public bool MayUse(string connectionName) =>
        OnlyConnections is null || OnlyConnections.Any(c => string.Equals(c, connectionName, StringComparison.OrdinalIgnoreCase));
}
