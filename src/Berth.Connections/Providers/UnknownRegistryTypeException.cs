using Berth.Errors;

namespace Berth.Connections.Providers;

/// <summary>A connection type that no provider handles: a usage error.</summary>
public sealed class UnknownRegistryTypeException(string type, IEnumerable<string> knownTypes)
    : BerthException($"unknown registry type '{type}'; known types: {string.Join(", ", knownTypes)}")
{
    public override ErrorCategory Category => ErrorCategory.Usage;

    public string Type { get; } = type;
}
