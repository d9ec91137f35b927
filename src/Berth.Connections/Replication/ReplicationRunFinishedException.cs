using Berth.Errors;

namespace Berth.Connections.Replication;

/// <summary>A finished run cannot be cancelled.</summary>
public sealed class ReplicationRunFinishedException(Guid id, string status)
    : BerthException($"replication run {id:D} is already {status}; only queued or running runs can be cancelled")
{
    public override ErrorCategory Category => ErrorCategory.Conflict;
}
