namespace Berth.Connections.Providers;

/// <summary>A connection type that no provider handles.</summary>
public sealed class UnknownRegistryTypeException(string type, IEnumerable<string> knownTypes)
    : Exception($"unknown registry type '{type}'; known types: {string.Join(", ", knownTypes)}")
{
    public string Type { get; } = type;
}
