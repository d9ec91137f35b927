namespace Berth.Errors;

/// <summary>No HTTP answer at all, or one that stopped coming: refused connection, DNS, TLS failure, timeout or a stalled body.</summary>
public sealed class RegistryUnreachableException : BerthException
{
    public RegistryUnreachableException(string registry, string reason, Exception? inner = null)
        : this(registry, reason, $"cannot reach registry {registry}: {reason}", ErrorOrigin.Registry, inner)
    {
    }

    private RegistryUnreachableException(string registry, string reason, string message, ErrorOrigin origin, Exception? inner)
        : base(message, inner)
    {
        Origin = origin;
        Registry = registry;
        Reason = reason;
    }

    /// <summary>The registry's token service (its realm host) did not answer, or stopped: it is named, not the registry.</summary>
    public static RegistryUnreachableException TokenService(string registry, string tokenServiceHost, string reason, Exception? inner = null, bool stalled = false) =>
        new(registry, reason, $"cannot reach the token service {tokenServiceHost} of registry {registry}: {reason}", ErrorOrigin.TokenService, inner)
        {
            Stalled = stalled,
        };

    public override ErrorCategory Category => ErrorCategory.Unreachable;

    public string Registry { get; }

    public string Reason { get; }

    /// <summary>
    /// The peer answered, then sent nothing for the stall timeout. Trying again at once would wait as long again, so
    /// transfers do not retry it: the user's timeout is the longest a silent peer is waited for.
    /// </summary>
    public bool Stalled { get; init; }
}
