namespace Berth.Errors;

/// <summary>No HTTP answer at all: refused connection, DNS, TLS failure or timeout.</summary>
public sealed class RegistryUnreachableException : BerthException
{
    public RegistryUnreachableException(string registry, string reason, Exception? inner = null)
        : base($"cannot reach registry {registry}: {reason}", inner)
    {
        Origin = ErrorOrigin.Registry;
        Registry = registry;
        Reason = reason;
    }

    public override ErrorCategory Category => ErrorCategory.Unreachable;

    public string Registry { get; }

    public string Reason { get; }
}
