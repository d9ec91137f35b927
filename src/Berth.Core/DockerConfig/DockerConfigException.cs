using Berth.Errors;

namespace Berth.DockerConfig;

/// <summary>
/// A docker config file, key file or encrypted dockercfg could not be used. Messages read the way docker
/// users already know them and never contain credentials or key material. Input that cannot be used (bad JSON, a
/// missing or malformed key, a file that is not encrypted) is a usage error; a key that does not fit the file, or a file
/// that was cut short or altered, is a failed operation.
/// </summary>
public sealed class DockerConfigException : BerthException
{
    public DockerConfigException(string message)
        : this(DockerConfigErrorKind.InvalidContent, message)
    {
    }

    public DockerConfigException(string message, Exception innerException)
        : this(DockerConfigErrorKind.InvalidContent, message, innerException)
    {
    }

    public DockerConfigException(DockerConfigErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public DockerConfigErrorKind Kind { get; }

    public override ErrorCategory Category =>
        Kind is DockerConfigErrorKind.KeyMismatch or DockerConfigErrorKind.Truncated or DockerConfigErrorKind.AuthenticationFailed
            ? ErrorCategory.Failed
            : ErrorCategory.Usage;

    /// <summary>1-based line of the offending character for <see cref="DockerConfigErrorKind.Syntax"/>, else null.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column (characters) of the offending character for <see cref="DockerConfigErrorKind.Syntax"/>, else null.</summary>
    public int? Column { get; init; }
}
