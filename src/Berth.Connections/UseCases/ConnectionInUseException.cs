using Berth.Errors;

namespace Berth.Connections.UseCases;

/// <summary>Removal was refused because saved things still name the connection.</summary>
public sealed class ConnectionInUseException(string connectionName, IReadOnlyList<ConnectionDependent> dependents, string detachHint)
    : BerthException($"connection '{connectionName}' is still used by {string.Join("; ", dependents.Select(d => d.Description))}; {detachHint}")
{
    public string ConnectionName { get; } = connectionName;

    public IReadOnlyList<ConnectionDependent> Dependents { get; } = dependents;

    public override ErrorCategory Category => ErrorCategory.Conflict;
}
