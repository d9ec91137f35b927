using Berth.Connections.Providers;
using Berth.Errors;

namespace Berth.Connections.PullSecrets;

/// <summary>A pull-secret target's input failed validation (a usage error); <see cref="Errors"/> name the fields to fix.</summary>
public sealed class PullSecretTargetValidationException(IReadOnlyList<ValidationError> errors)
    : BerthException("the pull-secret target is not valid: " + string.Join("; ", errors))
{
    public override ErrorCategory Category => ErrorCategory.Usage;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
