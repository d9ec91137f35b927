namespace Berth.Errors;

/// <summary>
/// The base of every error Berth reports to a person: the message names the thing, the party at fault and the fix,
/// and <see cref="Category"/> decides how each front end answers it (one mapping per front end).
/// </summary>
public abstract class BerthException : Exception
{
    protected BerthException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>How front ends classify this error: exit code, HTTP status, dashboard wording.</summary>
    public abstract ErrorCategory Category { get; }

    /// <summary>The party the error comes from; <see cref="ErrorOrigin.Local"/> unless a peer answered (or did not).</summary>
    public ErrorOrigin Origin { get; init; }

    /// <summary>For a <see cref="ErrorCategory.Transient"/> error, how long the peer asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
