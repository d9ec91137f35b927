using Berth.Errors;

namespace Berth.Connections.Replication;

/// <summary>The organization already has a replication policy of this name.</summary>
public sealed class DuplicateReplicationNameException(string name)
    : BerthException($"a replication policy named '{name}' already exists; pick another name or delete it first")
{
    public override ErrorCategory Category => ErrorCategory.Conflict;
}
