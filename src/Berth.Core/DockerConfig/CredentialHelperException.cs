using Berth.Errors;

namespace Berth.DockerConfig;

/// <summary>A docker credential helper could not be run or answered with an error; the message names the helper and the operation.</summary>
public sealed class CredentialHelperException : BerthException
{
    public CredentialHelperException(string message)
        : base(message)
    {
    }

    public CredentialHelperException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public override ErrorCategory Category => ErrorCategory.Failed;

    /// <summary>The helper's exit code when it ran and failed; null when it could not be started or timed out.</summary>
    public int? ExitCode { get; init; }
}
