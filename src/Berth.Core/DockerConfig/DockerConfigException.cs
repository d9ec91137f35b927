namespace Berth.DockerConfig;

/// <summary>
/// A docker config file, key file or encrypted dockercfg could not be used. Messages read the way docker
/// users already know them and never contain credentials or key material.
/// </summary>
public sealed class DockerConfigException : Exception
{
    public DockerConfigException()
        : this(DockerConfigErrorKind.InvalidContent, "the docker config file could not be used")
    {
    }

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

    /// <summary>1-based line of the offending character for <see cref="DockerConfigErrorKind.Syntax"/>, else null.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column (characters) of the offending character for <see cref="DockerConfigErrorKind.Syntax"/>, else null.</summary>
    public int? Column { get; init; }
}
