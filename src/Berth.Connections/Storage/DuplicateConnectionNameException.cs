using Berth.Errors;

namespace Berth.Connections.Storage;

/// <summary>A connection with this name (ignoring case) already exists in the organization.</summary>
public sealed class DuplicateConnectionNameException(string name, string organization)
    : BerthException($"a connection named '{name}' already exists in organization '{organization}'; choose another name, or rename or remove the existing connection")
{
    public override ErrorCategory Category => ErrorCategory.Conflict;

    public string Name { get; } = name;

    public string Organization { get; } = organization;
}
