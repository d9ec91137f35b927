namespace Berth.Errors;

/// <summary>No HTTP answer at all, or one that stopped coming: refused connection, DNS, TLS failure, timeout or a stalled body.</summary>
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

    /// <summary>
    /// The peer answered, then sent nothing for the stall timeout. Trying again at once would wait as long again, so
    /// transfers do not retry it: the user's timeout is the longest a silent peer is waited for.
    /// </summary>
    public bool Stalled { get; init; }
}
