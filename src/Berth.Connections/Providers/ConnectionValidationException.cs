using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>A connection draft failed its type's validation (a usage error); <see cref="Errors"/> name the fields to fix.</summary>
public sealed class ConnectionValidationException(string type, IReadOnlyList<ValidationError> errors)
    : BerthException($"the {type} connection is not valid: " + string.Join("; ", errors))
{
    public override ErrorCategory Category => ErrorCategory.Usage;

    public string Type { get; } = type;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
