using Berth.Errors;

namespace Berth.Connections.Replication;

/// <summary>No replication policy (or run of it) of the organization has this name or id.</summary>
public sealed class UnknownReplicationException(string message) : BerthException(message)
{
    public override ErrorCategory Category => ErrorCategory.NotFound;

    public static UnknownReplicationException Policy(string name, IReadOnlyList<string> known) => new(known.Count == 0
        ? $"no replication policy named '{name}': none are saved yet (create one with 'berth replication create' or POST /api/v1/replications)"
        : $"no replication policy named '{name}'; saved policies: {string.Join(", ", known)}");

    public static UnknownReplicationException Run(string policy, Guid id) => new($"replication policy '{policy}' has no run {id:D}");
}
