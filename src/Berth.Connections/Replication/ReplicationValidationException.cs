using Berth.Connections.Providers;
using Berth.Errors;

namespace Berth.Connections.Replication;

/// <summary>A replication policy failed validation (a usage error); <see cref="Errors"/> name the fields to fix.</summary>
public sealed class ReplicationValidationException(IReadOnlyList<ValidationError> errors)
    : BerthException("the replication policy is not valid: " + string.Join("; ", errors))
{
    public override ErrorCategory Category => ErrorCategory.Usage;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
