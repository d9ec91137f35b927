namespace Berth.Errors;

/// <summary>No HTTP answer at all: refused connection, DNS, TLS failure or timeout.</summary>
public sealed class RegistryUnreachableException(string registry, string reason, Exception? inner = null)
    : Exception($"cannot reach registry {registry}: {reason}", inner)
{
    public string Registry { get; } = registry;

    public string Reason { get; } = reason;
}
