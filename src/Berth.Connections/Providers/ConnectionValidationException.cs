namespace Berth.Connections.Providers;

/// <summary>A connection draft failed its type's validation; <see cref="Errors"/> name the fields to fix.</summary>
public sealed class ConnectionValidationException(string type, IReadOnlyList<ValidationError> errors)
    : Exception($"the {type} connection is not valid: " + string.Join("; ", errors))
{
    public string Type { get; } = type;

    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
